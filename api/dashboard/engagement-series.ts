/** Engagement rates as the channel page shows them: pure, so the summary and the joins are tested. */

/** One window of `GET /v1/channels/{channel}/engagement`. */
export interface EngagementWindow {
  window_start: string;
  interactions: number;
  audience: number | null;
  engagement_rate: number | null;
}

/** One post of `GET /v1/channels/{channel}/engagement/posts`. */
export interface PostRate {
  post_id: string;
  posted_at: string;
  engagement_rate: number | null;
}

/** The formulas, as the hints say them (docs/api.md, "Engagement rate"): per post and per window differ. */
export const ER_FORMULAS = {
  post: "ER = the post's interactions (reactions, replies, forwards, likes, reposts, quotes) ÷ the audience when it was posted × 100.",
  window:
    "ER = the interactions observed in the window (reactions, replies, forwards, likes, reposts) ÷ the audience at the window's end × 100.",
} as const;

/** A rate in percent as people read it (`1.5` → `1.50%`); null (no audience known) reads as a dash. */
export function formatRate(rate: number | null | undefined): string {
  return rate === null || rate === undefined || !Number.isFinite(rate) ? '–' : `${rate.toFixed(2)}%`;
}

/** What the windows add up to: the mean of the known rates and the window with the highest. */
export interface EngagementSummary {
  /** Windows with a known rate (an audience sample at or before their end). */
  rated: number;
  /** Mean of the known rates, to 2 decimals; null when none is known. */
  mean: number | null;
  best: { window_start: string; rate: number } | null;
  interactions: number;
}

/** Summarizes the windows: a mean of rates, not interactions over one audience, as each window has its own. */
export function engagementSummary(windows: readonly EngagementWindow[]): EngagementSummary {
  let sum = 0;
  let rated = 0;
  let interactions = 0;
  let best: EngagementSummary['best'] = null;
  for (const window of windows) {
    interactions += window.interactions;
    const rate = window.engagement_rate;
    if (rate === null) continue;
    rated += 1;
    sum += rate;
    if (!best || rate > best.rate) best = { window_start: window.window_start, rate };
  }
  return { rated, mean: rated === 0 ? null : Math.round((sum / rated) * 100) / 100, best, interactions };
}

/** uPlot's columns for the rate per window: x in seconds, the rate (null where no audience is known). */
export function rateColumns(windows: readonly EngagementWindow[]): [number[], (number | null)[]] {
  return [windows.map((w) => Date.parse(w.window_start) / 1000), windows.map((w) => w.engagement_rate)];
}

/**
 * The period to ask per-post rates for so the answer holds the given posts: from the oldest to
 * just after the newest (the route answers newest first, at most 100, so a narrow period reaches
 * further back than the page's whole range would). Undefined without posts.
 */
export function postsPeriod(
  posts: readonly { posted_at: string }[],
): { from: string; to: string } | undefined {
  if (posts.length === 0) return undefined;
  const times = posts.map((post) => Date.parse(post.posted_at));
  return {
    from: new Date(Math.min(...times)).toISOString(),
    to: new Date(Math.max(...times) + 1_000).toISOString(),
  };
}

/** The rates by post id, to put beside the top posts. */
export function ratesByPost(posts: readonly PostRate[]): Map<string, number | null> {
  return new Map(posts.map((post) => [post.post_id, post.engagement_rate]));
}
