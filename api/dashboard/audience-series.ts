/** Audience growth and its forecast as uPlot's aligned columns: pure, so the joins are tested. */

export interface AudienceWindow {
  window_start: string;
  count: number;
  anomaly?: { metric: string; score: number };
}

export interface ForecastDay {
  day: string;
  count: number;
  lower: number;
  upper: number;
}

type Column = (number | null)[];
/**
 * Columns: x (seconds), observed counts, forecast, its lower and upper bound, and the observed
 * count again on days flagged as anomalies (a marker); null where a series has no point.
 */
export type AudienceColumns = [number[], Column, Column, Column, Column, Column];

const seconds = (iso: string) => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso) / 1000;

/**
 * Joins the observed windows and the forecast days on one x axis. The forecast and its band start
 * at the last observed point, so the line and the band continue from what was seen instead of
 * floating apart from it.
 */
export function audienceColumns(
  observed: readonly AudienceWindow[],
  forecast: readonly ForecastDay[],
): AudienceColumns {
  type Point = { count?: number; forecast?: number; lower?: number; upper?: number; anomaly?: number };
  const points = new Map<number, Point>();
  for (const window of observed) {
    points.set(seconds(window.window_start), {
      count: window.count,
      ...(window.anomaly ? { anomaly: window.count } : {}),
    });
  }
  const last = observed.at(-1);
  if (last && forecast.length > 0) {
    const at = seconds(last.window_start);
    points.set(at, { ...points.get(at), forecast: last.count, lower: last.count, upper: last.count });
  }
  for (const day of forecast) {
    const at = seconds(day.day);
    points.set(at, { ...points.get(at), forecast: day.count, lower: day.lower, upper: day.upper });
  }
  const xs = [...points.keys()].sort((a, b) => a - b);
  const column = (key: keyof Point) => xs.map((x) => points.get(x)![key] ?? null);
  return [xs, column('count'), column('forecast'), column('lower'), column('upper'), column('anomaly')];
}
