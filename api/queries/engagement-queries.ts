import { type ClickHouseClient, clickhouseTime, queryRows } from '../../platform/clients/clickhouse';
import type { ChannelRef } from '../../schemas/channel-key';
import { type Granularity, bucketOf } from './channel-metrics';
import type { ChannelMetricsReader } from './metrics-reader';
import type { Period } from './period';
import { audienceMetric } from './activity-queries';

/** Engagement rate in percent, to 2 decimals: interactions ÷ audience × 100; null without an audience. */
export function engagementRate(interactions: number, audience: number | null): number | null {
  if (audience === null || audience <= 0) return null;
  return Math.round((interactions / audience) * 10_000) / 100;
}

const NUMBERS = { output_format_json_quote_64bit_integers: 0 } as const;

export interface PostEngagementRate {
  post_id: string;
  posted_at: string;
  /** Reactions + replies + forwards + likes + reposts + quotes, as last reported. */
  interactions: number;
  /** The last audience sample at or before the post; null when none is known. */
  audience: number | null;
  engagement_rate: number | null;
}

/** Each post of the period (newest first) with its interactions and the audience when it was posted. */
export async function postEngagementRates(
  client: ClickHouseClient,
  database: string,
  channel: ChannelRef,
  period: Period,
  limit: number,
): Promise<PostEngagementRate[]> {
  const rows = await queryRows<{
    post_id: string;
    posted_at: string;
    interactions: number;
    audience: number | null;
  }>(client, {
    query: `
        SELECT p.post_id AS post_id, formatDateTime(p.posted_at, '%Y-%m-%dT%H:%i:%SZ', 'UTC') AS posted_at,
               toUInt64(coalesce(e.interactions, 0)) AS interactions, a.count AS audience
        FROM (
          SELECT channel_id, post_id, posted_at FROM ${database}.posts FINAL
          WHERE source = {source:String} AND channel_id = {channel:String}
            AND posted_at >= {from:DateTime64(3, 'UTC')} AND posted_at < {to:DateTime64(3, 'UTC')}
        ) AS p
        LEFT JOIN (
          SELECT post_id, sum(coalesce(reactions, 0) + coalesce(replies, 0) + coalesce(forwards, 0)
                 + coalesce(likes, 0) + coalesce(reposts, 0) + coalesce(quotes, 0)) AS interactions
          FROM ${database}.post_engagement FINAL
          WHERE source = {source:String} AND channel_id = {channel:String}
          GROUP BY post_id
        ) AS e ON e.post_id = p.post_id
        ASOF LEFT JOIN (
          SELECT channel_id, observed_at, count FROM ${database}.channel_stats FINAL
          WHERE source = {source:String} AND channel_id = {channel:String} AND metric = {metric:String}
        ) AS a ON a.channel_id = p.channel_id AND p.posted_at >= a.observed_at
        ORDER BY p.posted_at DESC, p.post_id
        LIMIT {limit:UInt32}`,
    query_params: {
      source: channel.source,
      channel: channel.channelId,
      metric: audienceMetric(channel),
      from: clickhouseTime(period.from),
      to: clickhouseTime(period.to),
      limit,
    },
    clickhouse_settings: { ...NUMBERS, join_use_nulls: 1 },
  });
  return rows.map((row) => {
    const audience = row.audience === null ? null : Number(row.audience);
    const interactions = Number(row.interactions);
    return { ...row, interactions, audience, engagement_rate: engagementRate(interactions, audience) };
  });
}

/**
 * The audience at the end of each window of the period: the last sample before the window ends,
 * carried forward over windows without one (null before the first sample).
 */
export async function audienceAtWindowEnds(
  client: ClickHouseClient,
  database: string,
  channel: ChannelRef,
  period: Period,
  granularity: Granularity,
  windowStarts: readonly string[],
): Promise<(number | null)[]> {
  const params = {
    source: channel.source,
    channel: channel.channelId,
    metric: audienceMetric(channel),
    from: clickhouseTime(period.from),
    to: clickhouseTime(period.to),
  };
  const filter = 'source = {source:String} AND channel_id = {channel:String} AND metric = {metric:String}';
  const [inWindows, before] = await Promise.all([
    queryRows<{ window_start: string; count: number }>(client, {
      query: `
        SELECT formatDateTime(${bucketOf(granularity, 'observed_at')}, '%Y-%m-%dT%H:%i:%SZ', 'UTC') AS window_start,
               argMax(count, observed_at) AS count
        FROM ${database}.channel_stats FINAL
        WHERE ${filter} AND observed_at >= {from:DateTime64(3, 'UTC')} AND observed_at < {to:DateTime64(3, 'UTC')}
        GROUP BY window_start ORDER BY window_start`,
      query_params: params,
      clickhouse_settings: NUMBERS,
    }),
    queryRows<{ count: number; samples: number }>(client, {
      query: `
        SELECT argMax(count, observed_at) AS count, count() AS samples FROM ${database}.channel_stats FINAL
        WHERE ${filter} AND observed_at < {from:DateTime64(3, 'UTC')}`,
      query_params: params,
      clickhouse_settings: NUMBERS,
    }),
  ]);
  const byWindow = new Map(inWindows.map((row) => [row.window_start, Number(row.count)]));
  const samples = [...byWindow.entries()].sort(([a], [b]) => a.localeCompare(b));
  let last = before[0] && Number(before[0].samples) > 0 ? Number(before[0].count) : null;
  let next = 0;
  return windowStarts.map((start) => {
    while (next < samples.length && samples[next]![0] <= start) last = samples[next++]![1];
    return last;
  });
}

export interface EngagementWindow {
  window_start: string;
  /** Net change of reactions, replies, forwards, likes and reposts observed in the window. */
  interactions: number;
  /** The audience at the window's end; null when none is known yet. */
  audience: number | null;
  engagement_rate: number | null;
}

/**
 * Interactions observed per window (channel-activity's net changes) over the audience at its end.
 * The windows come through `metrics`, batched with the other reads of the same channel.
 */
export async function windowEngagementRates(
  client: ClickHouseClient,
  database: string,
  metrics: Pick<ChannelMetricsReader, 'read'>,
  channel: ChannelRef,
  range: Period & { granularity: Granularity },
): Promise<EngagementWindow[]> {
  const windows = await metrics.read(channel, range);
  const ends = windows.map((w) => w.window_start);
  const audiences = await audienceAtWindowEnds(client, database, channel, range, range.granularity, ends);
  return windows.map((window, i) => {
    const interactions = window.reactions + window.replies + window.forwards + window.likes + window.reposts;
    return {
      window_start: window.window_start,
      interactions,
      audience: audiences[i]!,
      engagement_rate: engagementRate(interactions, audiences[i]!),
    };
  });
}
