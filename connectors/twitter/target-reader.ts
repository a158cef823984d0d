import type { Checkpoint, PollState, PollTarget } from './poll-state';
import type { PostWriter } from './post-writer';
import type { ReadBudget } from './read-budget';
import type { PageRequest, XApiClient, XPage } from './x-api-client';
import type { XPost } from './x-types';

export interface TargetReaderDeps {
  client: XApiClient;
  state: PollState;
  budget: ReadBudget;
  writer: PostWriter;
  now: () => Date;
}

export type ReadOutcome = 'ok' | 'budget_spent';

/** The smaller of two X ids (64-bit numbers as text). */
function older(a: string | undefined, b: string): string {
  return a === undefined || BigInt(b) < BigInt(a) ? b : a;
}

/**
 * Reads one target's posts newer than its checkpoint, page by page, newest first, and stores
 * them. The checkpoint moves to the newest post only once every page is stored; in between it
 * records the oldest post stored, so a restart mid-round reads just the posts between the old
 * checkpoint and that one: no gap, and no post stored twice. The first poll of a new target reads
 * its newest page only (no backfill of history, which costs reads).
 */
export class TargetReader {
  constructor(private readonly deps: TargetReaderDeps) {}

  async read(target: PollTarget): Promise<{ outcome: ReadOutcome; stored: number }> {
    const { state } = this.deps;
    let checkpoint = await state.checkpoint(target.kind, target.target);
    let stored = 0;
    const save = (next: Checkpoint) => state.saveCheckpoint(target.kind, target.target, next);

    if (checkpoint.pendingNewestId !== undefined) {
      const resumed = checkpoint;
      let until = resumed.pendingUntilId;
      const outcome = await this.pages(
        target,
        { sinceId: resumed.sinceId, untilId: until },
        false,
        async (page) => {
          stored += page.stored;
          until = page.oldest ?? until;
          await save({ ...resumed, pendingUntilId: until });
        },
      );
      if (outcome !== 'ok') return { outcome, stored };
      checkpoint = { sinceId: resumed.pendingNewestId };
      await save(checkpoint);
    }

    const sinceId = checkpoint.sinceId;
    let newest: string | undefined;
    let until: string | undefined;
    const outcome = await this.pages(target, { sinceId }, sinceId === undefined, async (page) => {
      stored += page.stored;
      newest ??= page.newestId;
      until = page.oldest ?? until;
      if (newest !== undefined) await save({ sinceId, pendingNewestId: newest, pendingUntilId: until });
    });
    if (outcome === 'ok' && newest !== undefined) await save({ sinceId: newest });
    return { outcome, stored };
  }

  /** Follows `next_token` until the range is read (or, for a first poll, after one page). */
  private async pages(
    target: PollTarget,
    range: Omit<PageRequest, 'max' | 'token'>,
    firstPageOnly: boolean,
    afterPage: (page: { stored: number; newestId?: string; oldest?: string }) => Promise<void>,
  ): Promise<ReadOutcome> {
    const { budget, writer, state, now } = this.deps;
    let token: string | undefined;
    do {
      const allowance = await budget.allowance(target.organizations, now());
      if (allowance <= 0) return 'budget_spent';
      const page = await this.fetch(target, { ...range, token, max: Math.min(100, allowance) });
      const observedAt = now();
      const records = await writer.write(page.items, {
        via: target.kind === 'account' ? 'timeline' : 'search',
        query: target.kind === 'search' ? target.target : undefined,
        observedAt,
      });
      await budget.charge(target.organizations, page.items.length, observedAt);
      await state.rememberPosts(
        target.kind,
        target.target,
        records.map((r) => ({ id: r.tweet_id, createdAt: r.created_at })),
        observedAt,
      );
      const oldest = page.items.reduce<string | undefined>(
        (min, item) => older(min, item.value.id),
        undefined,
      );
      await afterPage({ stored: records.length, newestId: page.newestId, oldest });
      token = page.nextToken;
    } while (token !== undefined && !firstPageOnly);
    return 'ok';
  }

  private fetch(target: PollTarget, request: PageRequest): Promise<XPage<XPost>> {
    return target.kind === 'account'
      ? this.deps.client.userTweets(target.target, request)
      : this.deps.client.searchRecent(target.target, request);
  }
}
