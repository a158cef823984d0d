/** The channel page's data: windows merged as live events arrive, and the chart's series. Pure. */

/** The part of a metrics window the chart reads. */
export interface PostWindow {
  window_start: string;
  posts: number;
  anomaly?: { metric: string; score: number };
}

/**
 * The displayed windows with a live event's windows folded in: a window the event has replaces
 * the one with the same start, a new one inside `[from, to)` is added (the page's range; an open
 * `to` follows now), and the result stays sorted. Windows outside the range are ignored, so a live
 * event never widens a range the viewer chose.
 */
export function mergeWindows<W extends PostWindow>(
  shown: readonly W[],
  fresh: readonly W[],
  range: { from: string; to?: string },
): W[] {
  const from = Date.parse(range.from);
  const to = range.to === undefined ? Number.POSITIVE_INFINITY : Date.parse(range.to);
  const byStart = new Map<number, W>();
  for (const window of shown) byStart.set(Date.parse(window.window_start), window);
  for (const window of fresh) {
    const start = Date.parse(window.window_start);
    if (start >= from && start < to) byStart.set(start, window);
  }
  return [...byStart.entries()].sort(([a], [b]) => a - b).map(([, window]) => window);
}

/** Posts across the windows: what the chart's summary and `data-points` say. */
export function totalPosts(windows: readonly PostWindow[]): number {
  return windows.reduce((sum, window) => sum + window.posts, 0);
}

/** uPlot's columns: window starts in seconds and posts per window. */
export function postSeries(windows: readonly PostWindow[]): [number[], number[]] {
  return [
    windows.map((window) => Date.parse(window.window_start) / 1000),
    windows.map((window) => window.posts),
  ];
}

/** The windows the API marked as anomalies, for a text list beside the chart. */
export function anomalies(windows: readonly PostWindow[]): PostWindow[] {
  return windows.filter((window) => window.anomaly !== undefined);
}
