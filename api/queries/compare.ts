import { z } from 'zod';
import type { ClickHouseClient } from '../../platform/clients/clickhouse';
import { ACTIVITY_COUNTERS } from '../../schemas/activity-records';
import { CHANNEL_KEY_PATTERN, type ChannelRef, channelKey, parseChannelKey } from '../../schemas/channel-key';
import type { MetricsRange } from './channel-metrics';
import { audienceAtWindowEnds, windowEngagementRates } from './engagement-queries';
import type { ChannelMetricsReader } from './metrics-reader';
import { isoSecond, windowEnd } from './period';

/** Channels one comparison may hold. */
export const MAX_COMPARED = 10;

/** What channels can be compared on: the activity counters, interactions, engagement rate, audience. */
export const COMPARE_METRICS = [...ACTIVITY_COUNTERS, 'interactions', 'engagement_rate', 'audience'] as const;
export type CompareMetric = (typeof COMPARE_METRICS)[number];

const KEY = CHANNEL_KEY_PATTERN.source.slice(1, -1);
/** The `channels` parameter as the document states it: 1 to MAX_COMPARED channel keys, comma-separated. */
export const channelList = z
  .string()
  .regex(
    new RegExp(`^${KEY}(?:,${KEY}){0,${MAX_COMPARED - 1}}$`),
    `1 to ${MAX_COMPARED} channel keys, comma-separated`,
  )
  .describe(
    `Up to ${MAX_COMPARED} tracked channels (telegram:<chat_id> or twitter:<user_id>), comma-separated.`,
  );

/** The `channels` parameter, once `channelList` has checked it: its channels, each once. */
export function parseChannelList(text: string): ChannelRef[] {
  return [...new Set(text.split(','))].map(parseChannelKey);
}

/** Every window start of the range, as the answers name them. */
function windowStarts(range: MetricsRange): string[] {
  const starts: string[] = [];
  for (let ms = range.from.getTime(); ms < range.to.getTime(); ms = windowEnd(range.granularity, ms + 1)) {
    starts.push(isoSecond(ms));
  }
  return starts;
}

/** One channel's values of a compared metric, per window. */
export interface CompareSeries {
  channel: string;
  windows: { window_start: string; value: number | null }[];
}

/**
 * One channel's series of `metric` over the range: windows as the channel's own answers give them,
 * the activity windows read through `metrics` (batched with the other reads of the channel).
 */
export async function compareSeries(
  client: ClickHouseClient,
  database: string,
  metrics: Pick<ChannelMetricsReader, 'read'>,
  channel: ChannelRef,
  range: MetricsRange,
  metric: CompareMetric,
): Promise<CompareSeries> {
  const key = channelKey(channel);
  if (metric === 'audience') {
    const starts = windowStarts(range);
    const counts = await audienceAtWindowEnds(client, database, channel, range, range.granularity, starts);
    return { channel: key, windows: starts.map((start, i) => ({ window_start: start, value: counts[i]! })) };
  }
  if (metric === 'interactions' || metric === 'engagement_rate') {
    const windows = await windowEngagementRates(client, database, metrics, channel, range);
    return {
      channel: key,
      windows: windows.map((w) => ({ window_start: w.window_start, value: w[metric] })),
    };
  }
  const windows = await metrics.read(channel, range);
  return { channel: key, windows: windows.map((w) => ({ window_start: w.window_start, value: w[metric] })) };
}
