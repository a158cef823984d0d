/** Channels side by side (`GET /v1/compare`) as one chart: pure, so the alignment and the words are tested. */
import type { ApiSchema } from '../client';
import { formatRate } from './engagement-series';
import { DEFAULT_SPAN_MS, type Granularity, formatCount } from './format';

export type CompareMetric = ApiSchema<'ChannelComparison'>['metric'];
export type Comparison = ApiSchema<'ChannelComparison'>;

/** Channels one comparison may hold (the route's own limit). */
export const MAX_COMPARED = 10;

/** Each metric as people read it, in the order the select offers them; a Record, so a new one must be named. */
const METRIC_LABELS: Record<CompareMetric, string> = {
  posts: 'Posts',
  interactions: 'Interactions',
  engagement_rate: 'Engagement rate (%)',
  audience: 'Audience (members or followers)',
  reactions: 'Reactions',
  replies: 'Replies',
  forwards: 'Forwards',
  views: 'Views',
  likes: 'Likes',
  reposts: 'Reposts',
  edits: 'Edits',
};

/** The metrics the route takes, with their labels. */
export const COMPARE_METRICS: readonly { value: CompareMetric; label: string }[] = (
  Object.keys(METRIC_LABELS) as CompareMetric[]
).map((value) => ({ value, label: METRIC_LABELS[value] }));

/** Whether `value` names a metric the route accepts. */
export function isCompareMetric(value: string | null): value is CompareMetric {
  return COMPARE_METRICS.some((metric) => metric.value === value);
}

/** The metric's label (`engagement_rate` → `Engagement rate (%)`). */
export function metricLabel(metric: CompareMetric): string {
  return METRIC_LABELS[metric];
}

/**
 * Ten colours told apart on white (each at least 3:1 against it) and, with the dashes that
 * alternate, by people who do not see all of them.
 */
export const SERIES_COLOURS = [
  '#1d4ed8',
  '#b91c1c',
  '#047857',
  '#7c3aed',
  '#b45309',
  '#0e7490',
  '#be185d',
  '#4d7c0f',
  '#4338ca',
  '#57534e',
] as const;

/** The i-th series' colour and dash (every other series dashed). */
export function seriesStyle(index: number): { stroke: string; dash?: number[] } {
  const stroke = SERIES_COLOURS[index % SERIES_COLOURS.length]!;
  return index % 2 === 1 ? { stroke, dash: [6, 3] } : { stroke };
}

const STEP_MS: Record<string, number> = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 };

/** Metrics that are a level, not a count: a window without a value has no value, not zero. */
const LEVELS: ReadonlySet<CompareMetric> = new Set(['engagement_rate', 'audience']);

/**
 * uPlot's aligned columns: x (seconds) is every window of the answer's range (the API aligns
 * `from` to a window start) and any start a channel answered; each channel's values follow in the
 * order of the answer. The counts' routes leave out windows without activity, so those are 0; a
 * rate or an audience without a value stays null (a gap in its line).
 */
export function compareColumns(answer: Comparison): [number[], ...(number | null)[][]] {
  const starts = new Set(answer.channels.flatMap((c) => c.windows.map((w) => Date.parse(w.window_start))));
  const step = STEP_MS[answer.granularity];
  if (step) {
    for (let ms = Date.parse(answer.from); ms < Date.parse(answer.to); ms += step) starts.add(ms);
  }
  const xs = [...starts].sort((a, b) => a - b);
  const missing = LEVELS.has(answer.metric) ? null : 0;
  const columns = answer.channels.map((channel) => {
    const values = new Map(channel.windows.map((w) => [Date.parse(w.window_start), w.value]));
    return xs.map((x) => (values.has(x) ? values.get(x)! : missing));
  });
  return [xs.map((x) => x / 1000), ...columns];
}

/**
 * A channel's figure for the legend: counts add up over the range; the rate and the audience do
 * not, so they read as their latest known value.
 */
export function seriesFigure(metric: CompareMetric, values: readonly (number | null)[]): string {
  const known = values.filter((value): value is number => value !== null);
  if (known.length === 0) return 'no data';
  if (metric === 'engagement_rate') return `latest ${formatRate(known.at(-1))}`;
  if (metric === 'audience') return `latest ${formatCount(known.at(-1))}`;
  return `${formatCount(known.reduce((sum, value) => sum + value, 0))} in total`;
}

/**
 * Where the comparison starts: the granularity's default span back from `now` (weeks: 26 of
 * them), no further back than the plan's history (null: all of it), so a plan never reads an
 * upgrade message for a range it did not choose.
 */
export function compareFrom(granularity: Granularity, historyDays: number | null, now = Date.now()): string {
  const span = granularity === 'week' ? 26 * STEP_MS.week! : DEFAULT_SPAN_MS[granularity];
  const history = historyDays === null ? Infinity : historyDays * STEP_MS.day!;
  return new Date(now - Math.min(span, history)).toISOString();
}

/** The channels to compare, from the viewer's picks: each once, tracked ones only, at most MAX_COMPARED. */
export function pickChannels(picked: readonly string[], tracked: readonly string[]): string[] {
  const known = new Set(tracked);
  return [...new Set(picked)].filter((channel) => known.has(channel)).slice(0, MAX_COMPARED);
}
