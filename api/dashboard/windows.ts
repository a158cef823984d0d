/** The channel page's data: windows merged as live events arrive, and the chart's series. Pure. */

/** The part of a metrics window the chart reads. */
export interface PostWindow {
  window_start: string;
  posts: number;
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

/**
 * uPlot's columns: a window start every `stepSeconds` from `fromMs` (rounded down to a window) up
 * to `toMs`, in seconds, and its posts, 0 for a window the API did not answer (no posts). Every
 * window is drawn, so bars keep one width and an empty hour reads as none, not as a gap. Windows
 * are aligned on UTC, as the API's are (minutes, hours and days).
 */
export function postSeries(
  windows: readonly PostWindow[],
  span: { fromMs: number; toMs: number; stepSeconds: number },
): [number[], number[]] {
  const posts = new Map(windows.map((window) => [Date.parse(window.window_start) / 1000, window.posts]));
  const step = span.stepSeconds;
  const xs: number[] = [];
  for (let x = Math.floor(span.fromMs / 1000 / step) * step; x * 1000 < span.toMs; x += step) xs.push(x);
  // A window outside the span (the API rounds its range to whole windows) is still drawn.
  for (const x of posts.keys()) if (!xs.includes(x)) xs.push(x);
  xs.sort((a, b) => a - b);
  return [xs, xs.map((x) => posts.get(x) ?? 0)];
}
