import type { Pool } from 'pg';
import type { Logger } from '../../platform/logger';
import type { AvroSerde } from '../../schemas/serde/avro-serde';
import type { TopicNames } from '../../schemas/topics';
import { produceChannelStats } from '../kafka/channel-stats';
import { type ChannelStatsSample } from '../../schemas/records/channel-stats';
import { PollSchedule } from '../poll-schedule';
import type { RecordProducer } from '../kafka/record-producer';
import type { BotApiClient } from './bot-api-client';

/** Telegram allows batch work of at most 100 items; the client's limiter paces the calls. */
const BATCH = 100;

export interface MemberCountPollerDeps {
  client: BotApiClient;
  postgres: Pool;
  serde: AvroSerde;
  producer: RecordProducer;
  topics: TopicNames;
  intervalMs: number;
  logger: Logger;
}

/**
 * Samples the member count of every tracked Telegram chat on a schedule and produces the samples
 * to `social.channel-stats.v1`, keyed `telegram:<chat_id>`. A chat the bot cannot see is logged
 * and skipped; the others are still sampled. Only chats the content processor has recorded
 * (`telegram_chats`, from any update of theirs, the bot's own arrival included) are sampled: so
 * no sample exists before the API knows whether the chat is private, and a guessed id tracked
 * before then yields nothing.
 */
export class MemberCountPoller {
  private readonly schedule: PollSchedule;

  constructor(private readonly deps: MemberCountPollerDeps) {
    this.schedule = new PollSchedule(
      () => this.pollOnce(),
      deps.intervalMs,
      (error) => deps.logger.warn({ err: error.message }, 'member count poll failed; next one on schedule'),
    );
  }

  start(): void {
    this.schedule.start();
  }

  stop(): Promise<void> {
    return this.schedule.stop();
  }

  /** One round over every tracked chat; resolves with how many were sampled and failed. */
  async pollOnce(): Promise<{ sampled: number; failed: number }> {
    const { rows } = await this.deps.postgres.query<{ channel_id: string }>(
      `SELECT DISTINCT t.channel_id FROM tracked_channels t JOIN telegram_chats c ON c.chat_id = t.channel_id
        WHERE t.source = 'telegram' ORDER BY t.channel_id`,
    );
    let sampled = 0;
    let failed = 0;
    for (let i = 0; i < rows.length && !this.deps.client.closed; i += BATCH) {
      const batch = rows.slice(i, i + BATCH).map((row) => row.channel_id);
      const counts = await Promise.allSettled(batch.map((chat) => this.deps.client.getChatMemberCount(chat)));
      const samples: ChannelStatsSample[] = [];
      counts.forEach((result, index) => {
        if (result.status === 'fulfilled') {
          samples.push({
            source: 'telegram',
            channel_id: batch[index]!,
            metric: 'members',
            count: result.value,
            observed_at: Date.now(),
          });
        } else if (!this.deps.client.closed) {
          failed += 1;
          this.deps.logger.warn(
            { chat: batch[index], err: (result.reason as Error).message },
            'member count not read',
          );
        }
      });
      await produceChannelStats(this.deps, samples);
      sampled += samples.length;
    }
    return { sampled, failed };
  }
}
