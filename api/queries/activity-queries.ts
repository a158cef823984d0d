import {
  type ClickHouseClient,
  clickhouseSeconds,
  clickhouseTime,
  queryRows,
} from '../../platform/clients/clickhouse';
import type { ChannelRef } from '../../schemas/channel-key';
import { type Granularity, bucketOf, storedGranularity } from './channel-metrics';
import { type Anomaly, BASELINE_WINDOWS, withAnomalies } from './anomalies';
import { type Period, isoSecond, windowsBack } from './period';

const periodParams = (channel: ChannelRef, period: Period) => ({
  source: channel.source,
  channel: channel.channelId,
  from: clickhouseTime(period.from),
  to: clickhouseTime(period.to),
});
const PERIOD_FILTER = `source = {source:String} AND channel_id = {channel:String}
  AND posted_at >= {from:DateTime64(3, 'UTC')} AND posted_at < {to:DateTime64(3, 'UTC')}`;
const NUMBERS = { output_format_json_quote_64bit_integers: 0 } as const;

export interface HourOfWeekCell {
  /** ISO day of week: 1 is Monday, 7 is Sunday. */
  day: number;
  hour: number;
  posts: number;
}

/** Posts by day of week and hour in a time zone: all 168 cells, empty ones as 0. */
export async function hourOfWeek(
  client: ClickHouseClient,
  database: string,
  channel: ChannelRef,
  period: Period,
  timeZone: string,
): Promise<HourOfWeekCell[]> {
  const rows = await queryRows<HourOfWeekCell>(client, {
    query: `
      SELECT toDayOfWeek(posted_at, 0, {zone:String}) AS day, toHour(posted_at, {zone:String}) AS hour,
             count() AS posts
      FROM ${database}.posts FINAL
      WHERE ${PERIOD_FILTER}
      GROUP BY day, hour`,
    query_params: { ...periodParams(channel, period), zone: timeZone },
    clickhouse_settings: NUMBERS,
  });
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(`${row.day}:${row.hour}`, Number(row.posts));
  return Array.from({ length: 168 }, (_, i) => {
    const day = Math.floor(i / 24) + 1;
    const hour = i % 24;
    return { day, hour, posts: counts.get(`${day}:${hour}`) ?? 0 };
  });
}

export const TERM_KINDS = ['hashtag', 'mention'] as const;
export type TermKind = (typeof TERM_KINDS)[number];

/** The hashtags or mentions used in most posts of a period (ties: alphabetical). */
export async function topTerms(
  client: ClickHouseClient,
  database: string,
  channel: ChannelRef,
  period: Period,
  kind: TermKind,
  limit: number,
): Promise<{ term: string; posts: number }[]> {
  const column = kind === 'hashtag' ? 'hashtags' : 'mentions';
  const rows = await queryRows<{ term: string; posts: number }>(client, {
    query: `
      SELECT term, count() AS posts
      FROM ${database}.posts FINAL
      ARRAY JOIN arrayDistinct(${column}) AS term
      WHERE ${PERIOD_FILTER}
      GROUP BY term
      ORDER BY posts DESC, term
      LIMIT {limit:UInt32}`,
    query_params: { ...periodParams(channel, period), limit },
    clickhouse_settings: NUMBERS,
  });
  return rows.map((row) => ({
    term: row.term,
    posts: Number(row.posts),
  }));
}

/** The audience each source reports: Telegram members, X followers. */
export function audienceMetric(channel: ChannelRef): 'members' | 'followers' {
  return channel.source === 'telegram' ? 'members' : 'followers';
}

export interface AudienceWindow {
  window_start: string;
  /** The last count observed in the window. */
  count: number;
  /**
   * Since the last count before the window. Minute windows: null when no sample before is known
   * (within the plan's reach). Longer windows: a channel's first sample ever changes nothing (0).
   */
  change: number | null;
  /** Present when `change` is far outside the channel's windows before it. */
  anomaly?: Anomaly;
}

/**
 * Members (Telegram) or followers (X) per window: the last sample of each, and its change. Hours
 * and longer come from the audience topology's windows (`channel_audience`: weeks and months
 * summed from days); minutes, which it does not keep, from the samples themselves.
 */
export async function audienceHistory(
  client: ClickHouseClient,
  database: string,
  channel: ChannelRef,
  period: Period,
  granularity: Granularity,
  /** The oldest sample the plan may see (the first window's change is against a sample before `from`). */
  earliest?: Date,
): Promise<AudienceWindow[]> {
  // Changes far outside the channel's own windows before them are the "fake growth" flag
  // (anomalies.ts): read the baseline's windows before `from` too, within the plan's reach.
  const baselineFrom = Math.max(
    windowsBack(granularity, period.from, BASELINE_WINDOWS),
    earliest?.getTime() ?? 0,
  );
  const extended = { from: new Date(Math.min(baselineFrom, period.from.getTime())), to: period.to };
  const windows = withAnomalies(
    await audienceWindows(client, database, channel, extended, granularity, earliest),
    'change',
    (window) => window.change,
  );
  const first = isoSecond(period.from);
  return windows.filter((window) => window.window_start >= first);
}

/** The windows of a period, as audienceHistory describes them (without flags). */
async function audienceWindows(
  client: ClickHouseClient,
  database: string,
  channel: ChannelRef,
  period: Period,
  granularity: Granularity,
  earliest?: Date,
): Promise<AudienceWindow[]> {
  if (granularity === 'minute') return audienceFromSamples(client, database, channel, period, earliest);
  const rows = await queryRows<{ window_start: string; count: number; change: number }>(client, {
    query: `
      SELECT formatDateTime(${bucketOf(granularity, 'window_start')}, '%Y-%m-%dT%H:%i:%SZ', 'UTC') AS window_start,
             argMax(count, audience.window_start) AS count,
             toInt64(sum(change)) AS change
      FROM ${database}.channel_audience AS audience FINAL
      WHERE source = {source:String} AND channel_id = {channel:String} AND metric = {metric:String}
        AND granularity = {stored:String}
        AND audience.window_start >= {from:DateTime('UTC')} AND audience.window_start < {to:DateTime('UTC')}
      GROUP BY window_start
      ORDER BY window_start`,
    query_params: {
      ...periodParams(channel, period),
      from: clickhouseSeconds(period.from),
      to: clickhouseSeconds(period.to),
      metric: audienceMetric(channel),
      stored: storedGranularity(granularity),
    },
    clickhouse_settings: NUMBERS,
  });
  return rows.map((row) => ({
    window_start: row.window_start,
    count: Number(row.count),
    change: Number(row.change),
  }));
}

/** The audience per minute window, from the samples (the first change against the sample before). */
async function audienceFromSamples(
  client: ClickHouseClient,
  database: string,
  channel: ChannelRef,
  period: Period,
  earliest?: Date,
): Promise<AudienceWindow[]> {
  const granularity: Granularity = 'minute';
  const filter = 'source = {source:String} AND channel_id = {channel:String}';
  const params = periodParams(channel, period);
  const [windows, before] = await Promise.all([
    queryRows<{ window_start: string; count: number }>(client, {
      query: `
        SELECT formatDateTime(${bucketOf(granularity, 'observed_at')}, '%Y-%m-%dT%H:%i:%SZ', 'UTC') AS window_start,
               argMax(count, observed_at) AS count
        FROM ${database}.channel_stats FINAL
        WHERE ${filter} AND observed_at >= {from:DateTime64(3, 'UTC')} AND observed_at < {to:DateTime64(3, 'UTC')}
        GROUP BY window_start
        ORDER BY window_start`,
      query_params: params,
      clickhouse_settings: NUMBERS,
    }),
    queryRows<{ count: number; samples: number }>(client, {
      query: `
        SELECT argMax(count, observed_at) AS count, count() AS samples
        FROM ${database}.channel_stats FINAL
        WHERE ${filter} AND observed_at < {from:DateTime64(3, 'UTC')}
          AND observed_at >= {earliest:DateTime64(3, 'UTC')}`,
      query_params: { ...params, earliest: clickhouseTime(earliest ?? 0) },
      clickhouse_settings: NUMBERS,
    }),
  ]);
  const [earlier] = before;
  let previous = earlier && Number(earlier.samples) > 0 ? Number(earlier.count) : null;
  return windows.map((row) => {
    const count = Number(row.count);
    const change = previous === null ? null : count - previous;
    previous = count;
    return { window_start: row.window_start, count, change };
  });
}
