import type { Logger } from '../../platform/logger';
import type { Checkpoint, PollState, PollTarget } from './poll-state';
import type { PostWriter } from './post-writer';
import type { ReadBudget } from './read-budget';
import type { PageRequest, XApiClient, XPage } from './x-api-client';
import { newer, older, snowflakeTime } from '../../schemas/x-snowflake';
import type { XPost } from './x-types';

export interface TargetReaderDeps {
  client: XApiClient;
  state: PollState;
  budget: ReadBudget;
  writer: PostWriter;
  logger: Logger;
  now: () => Date;
}

/** Recent search reaches back 7 days and refuses a since_id older than that; a little margin. */
const SEARCH_REACH_MS = 6.9 * 24 * 3_600_000;
/** X's smallest page: fewer reads left than this and the target waits for budget. */
const MIN_PAGE = { account: 5, search: 10 } as const;

export type ReadOutcome = 'ok' | 'budget_spent';

/**
 * Reads one target's posts newer than its checkpoint, page by page, newest first, and stores
 * them. The checkpoint moves to the newest post only once every page is stored; in between it
 * records the oldest post stored, so a restart mid-round reads just the posts between the old
 * checkpoint and that one: no gap, and no post stored twice. The first poll of a new target reads
 * its newest page only (no backfill of history, which costs reads). A search checkpoint older than
 * search reaches (7 days) is dropped, with the gap logged, since X would refuse it.
 */
export class TargetReader {
  constructor(private readonly deps: TargetReaderDeps) {}

  async read(target: PollTarget): Promise<{ outcome: ReadOutcome; stored: number }> {
    const { state } = this.deps;
    let checkpoint = this.withinReach(target, await state.checkpoint(target.kind, target.target));
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
    const firstPoll = sinceId === undefined;
    const outcome = await this.pages(target, { sinceId }, firstPoll, async (page) => {
      stored += page.stored;
      newest ??= page.newest;
      until = page.oldest ?? until;
      // A first poll is one page: nothing to resume, and a resume without since_id would backfill.
      if (!firstPoll && newest !== undefined)
        await save({ sinceId, pendingNewestId: newest, pendingUntilId: until });
    });
    if (outcome === 'ok' && newest !== undefined) await save({ sinceId: newest });
    return { outcome, stored };
  }

  /** Follows `next_token` until the range is read (or, for a first poll, after one page). */
  private async pages(
    target: PollTarget,
    range: Omit<PageRequest, 'max' | 'token'>,
    firstPageOnly: boolean,
    afterPage: (page: { stored: number; newest?: string; oldest?: string }) => Promise<void>,
  ): Promise<ReadOutcome> {
    const { budget, writer, state, now } = this.deps;
    let token: string | undefined;
    do {
      const allowance = await budget.allowance(target.organizations, now());
      if (allowance < MIN_PAGE[target.kind]) return 'budget_spent';
      const page = await this.fetch(target, { ...range, token, max: Math.min(100, allowance) });
      const observedAt = now();
      const records = await writer.write(
        page.items,
        {
          via: target.kind === 'account' ? 'timeline' : 'search',
          query: target.kind === 'search' ? target.target : undefined,
          observedAt,
        },
        page.included,
      );
      await budget.charge(target.organizations, page.items.length, observedAt);
      await state.rememberPosts(
        target.kind,
        target.target,
        records.map((r) => ({ id: r.tweet_id, createdAt: r.created_at })),
        observedAt,
      );
      const ids = page.items.map((item) => item.value.id);
      const oldest = ids.reduce<string | undefined>(older, undefined);
      const newest = ids.reduce<string | undefined>(newer, page.newestId);
      await afterPage({ stored: records.length, newest, oldest });
      token = page.nextToken;
    } while (token !== undefined && !firstPageOnly);
    return 'ok';
  }

  /** The checkpoint, or none when it is a search's and older than search reaches. */
  private withinReach(target: PollTarget, checkpoint: Checkpoint): Checkpoint {
    const bound = checkpoint.sinceId ?? checkpoint.pendingUntilId; // the oldest id a request would name
    if (target.kind !== 'search' || bound === undefined) return checkpoint;
    if (snowflakeTime(bound) >= this.deps.now().getTime() - SEARCH_REACH_MS) return checkpoint;
    this.deps.logger.warn(
      { query: target.target, since: new Date(snowflakeTime(bound)).toISOString() },
      'search checkpoint is older than recent search reaches; posts in between cannot be read (gap), starting from the newest page',
    );
    return {};
  }

  private fetch(target: PollTarget, request: PageRequest): Promise<XPage<XPost>> {
    return target.kind === 'account'
      ? this.deps.client.userTweets(target.target, request)
      : this.deps.client.searchRecent(target.target, request);
  }
}
