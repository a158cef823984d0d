import type { PollState, PollTarget } from './poll-state';
import type { PostWriter } from './post-writer';
import type { ReadBudget } from './read-budget';
import { X_MAX_IDS, type XApiClient } from './x-api-client';

export interface MetricsRefresherDeps {
  client: XApiClient;
  state: PollState;
  budget: ReadBudget;
  writer: PostWriter;
  now: () => Date;
  /** Posts younger than this are re-read; older ones are forgotten. */
  maxAgeMs: number;
  /** A post is re-read at most this often. */
  intervalMs: number;
}

/** The most posts re-read in one round, so a large backlog spreads over rounds. */
const ROUND_LIMIT = 1000;

/**
 * Re-reads the public metrics of young posts (100 a request) and stores each as a new
 * observation (`observed_via: refresh`), so engagement over time is seen, not just at first
 * sight. Reads are charged to the organizations of the target that found the post; a batch is
 * never larger than the budget left, and posts of targets without budget wait an interval. Resolves with how many observations were stored.
 */
export async function refreshMetrics(deps: MetricsRefresherDeps, targets: PollTarget[]): Promise<number> {
  if (deps.maxAgeMs <= 0) return 0;
  const organizationsOf = new Map(targets.map((t) => [`${t.kind}:${t.target}`, t.organizations]));
  const due = await deps.state.postsToRefresh(deps.now(), deps.maxAgeMs, deps.intervalMs, ROUND_LIMIT);
  const byTarget = new Map<string, string[]>();
  for (const post of due) {
    const key = `${post.kind}:${post.target}`;
    if (!organizationsOf.has(key)) continue;
    byTarget.set(key, [...(byTarget.get(key) ?? []), post.tweetId]);
  }
  let stored = 0;
  for (const [key, ids] of byTarget) {
    const organizations = organizationsOf.get(key)!;
    for (let i = 0; i < ids.length;) {
      const allowance = await deps.budget.allowance(organizations, deps.now());
      if (allowance <= 0) {
        // Unpaid posts wait an interval like refreshed ones, so they never crowd out paid ones.
        await deps.state.markRefreshed(ids.slice(i), deps.now());
        break;
      }
      const batch = ids.slice(i, i + Math.min(X_MAX_IDS, allowance));
      i += batch.length;
      const page = await deps.client.posts(batch);
      const observedAt = deps.now();
      stored += (await deps.writer.write(page.items, { via: 'refresh', observedAt }, page.included)).length;
      await deps.budget.charge(organizations, page.items.length, observedAt);
      // Deleted or hidden posts are absent from the answer; they are marked too and age out.
      await deps.state.markRefreshed(batch, observedAt);
    }
  }
  return stored;
}
