import type { AvroSerde } from '../../schemas/serde/avro-serde';
import type { TopicNames } from '../../schemas/topics';
import { produceChannelStats } from '../kafka/channel-stats';
import { type ChannelStatsSample } from '../../schemas/records/channel-stats';
import type { RecordProducer } from '../kafka/record-producer';
import type { PollTarget } from './poll-state';
import type { ReadBudget } from './read-budget';
import { X_MAX_IDS, type XApiClient } from './x-api-client';

export interface FollowerSamplerDeps {
  client: XApiClient;
  budget: ReadBudget;
  serde: AvroSerde;
  producer: RecordProducer;
  topics: TopicNames;
  now: () => Date;
}

/**
 * Samples the follower count of tracked accounts from user `public_metrics`, 100 accounts a
 * request, into `social.channel-stats.v1` keyed `twitter:<user_id>`. Each user returned is one
 * read, charged to the organizations tracking it; accounts whose organizations have no budget left
 * are skipped. Resolves with how many were sampled and skipped for budget.
 */
export async function sampleFollowers(
  deps: FollowerSamplerDeps,
  accounts: PollTarget[],
): Promise<{ sampled: number; skipped: number }> {
  const payable: PollTarget[] = [];
  for (const account of accounts) {
    if ((await deps.budget.allowance(account.organizations, deps.now())) > 0) payable.push(account);
  }
  let sampled = 0;
  for (let i = 0; i < payable.length; i += X_MAX_IDS) {
    const batch = payable.slice(i, i + X_MAX_IDS);
    const page = await deps.client.users(batch.map((account) => account.target));
    const observedAt = deps.now();
    const samples: ChannelStatsSample[] = page.items
      .filter((item) => typeof item.value.public_metrics?.followers_count === 'number')
      .map((item) => ({
        source: 'twitter',
        channel_id: item.value.id,
        metric: 'followers',
        count: item.value.public_metrics!.followers_count!,
        observed_at: observedAt.getTime(),
      }));
    await produceChannelStats(deps, samples);
    const returned = new Set(page.items.map((item) => item.value.id));
    for (const account of batch) {
      if (returned.has(account.target)) await deps.budget.charge(account.organizations, 1, observedAt);
    }
    sampled += samples.length;
  }
  return { sampled, skipped: accounts.length - payable.length };
}
