import { z } from 'zod';
import { type ClickHouseClient, clickhouseSeconds, queryRows } from '../../platform/clients/clickhouse';
import type { ChannelRef } from '../../schemas/channel-key';
import { GRANULARITIES, type Granularity } from '../../billing/plans';
import { resolvePeriod } from './period';
import {
  ACTIVITY_COUNTERS,
  type ActivityCounts,
  type ActivityGranularity,
} from '../../schemas/activity-records';

export { GRANULARITIES, type Granularity };

/** Rounding of a time column to a granularity's window start; fixed SQL, never user text. */
export function bucketOf(granularity: Granularity, column: string): string {
  const rounding: Record<Granularity, string> = {
    minute: `toStartOfMinute(${column})`,
    hour: `toStartOfHour(${column})`,
    day: `toStartOfDay(${column})`,
    week: `toDateTime(toMonday(${column}), 'UTC')`,
    month: `toDateTime(toStartOfMonth(${column}), 'UTC')`,
  };
  return rounding[granularity];
}

/** The longest range each granularity may ask for, so no query scans without bound. */
const MAX_RANGE_MS: Record<Granularity, number> = {
  minute: 7 * 86_400_000,
  hour: 92 * 86_400_000,
  day: 3 * 366 * 86_400_000,
  week: 5 * 366 * 86_400_000,
  month: 10 * 366 * 86_400_000,
};

export const metricsQuerySchema = z
  .object({
    from: z.iso
      .datetime({ offset: true })
      .optional()
      .describe(
        'Start, inclusive (ISO 8601 with an offset); a day before `to` by default. Must be before `to`, ' +
          `and the range may cover at most ${Object.entries(MAX_RANGE_MS)
            .map(([granularity, ms]) => `${ms / 86_400_000} days of ${granularity} windows`)
            .join(', ')} (400 VALIDATION_FAILED otherwise).`,
      ),
    to: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('End, exclusive; the end of this minute by default.'),
    granularity: z.enum(GRANULARITIES).default('hour'),
  })
  .strict();

export interface MetricsRange {
  from: Date;
  to: Date;
  granularity: Granularity;
}

/** A window's start and what the channel did in it (engagement counters are net changes). */
export interface MetricsWindow extends ActivityCounts {
  window_start: string;
}

const STORED: Record<Granularity, ActivityGranularity> = {
  minute: 'minute',
  hour: 'hour',
  day: 'day',
  week: 'day',
  month: 'day',
};

/** The stored windows a granularity is rolled up from (weeks and months from days). */
export function storedGranularity(granularity: Granularity): ActivityGranularity {
  return STORED[granularity];
}

/**
 * Resolves the range: `to` defaults to the end of the current minute (so repeated requests share a
 * cache entry), `from` to a day before `to`.
 */
export function resolveRange(query: z.infer<typeof metricsQuerySchema>, now = Date.now()): MetricsRange {
  const { granularity } = query;
  const maxDays = MAX_RANGE_MS[granularity] / 86_400_000;
  const tooLong = `range too long for granularity ${granularity}`;
  return { ...resolvePeriod(query, 1, now, maxDays, tooLong), granularity };
}

/** Activity per window for one channel, rolled up from the stored windows of its granularity. */
export async function queryChannelMetrics(
  client: ClickHouseClient,
  database: string,
  channel: ChannelRef,
  range: MetricsRange,
): Promise<MetricsWindow[]> {
  const { from, to } = wholeSeconds(range);
  const rows = await queryRows<MetricsRow>(client, {
    query: `
      SELECT ${WINDOW_COLUMNS(range.granularity)}
      FROM ${database}.channel_metrics FINAL
      WHERE source = {source:String} AND channel_id = {channel:String} AND granularity = {stored:String}
        AND window_start >= {from:DateTime('UTC')} AND window_start < {to:DateTime('UTC')}
      GROUP BY bucket
      ORDER BY bucket`,
    query_params: {
      source: channel.source,
      channel: channel.channelId,
      stored: storedGranularity(range.granularity),
      from,
      to,
    },
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  return rows.map(toWindow);
}

/**
 * The answers for several ranges of one channel and granularity in one query, in the ranges'
 * order. The channel is read once over the union of the ranges (narrowed by the primary key),
 * and each minute window is counted into the ranges that hold it: the engine's cost per query is
 * paid once for the batch. Ranges far apart make the union read what none of them needs, so
 * callers keep a batch's ranges close (`ChannelMetricsReader`).
 */
export async function queryChannelMetricsBatch(
  client: ClickHouseClient,
  database: string,
  channel: ChannelRef,
  granularity: Granularity,
  ranges: Omit<MetricsRange, 'granularity'>[],
): Promise<MetricsWindow[][]> {
  if (ranges.length === 0) return [];
  const bounds = ranges.map(wholeSeconds);
  const rows = await queryRows<MetricsRow & { range: number }>(client, {
    query: `
      SELECT range, ${WINDOW_COLUMNS(granularity)}
      FROM ${database}.channel_metrics FINAL
      ARRAY JOIN arrayFilter(
        i -> {froms:Array(DateTime('UTC'))}[i] <= window_start AND window_start < {tos:Array(DateTime('UTC'))}[i],
        arrayEnumerate({froms:Array(DateTime('UTC'))})) AS range
      WHERE source = {source:String} AND channel_id = {channel:String} AND granularity = {stored:String}
        AND window_start >= {from:DateTime('UTC')} AND window_start < {to:DateTime('UTC')}
      GROUP BY range, bucket
      ORDER BY range, bucket`,
    query_params: {
      source: channel.source,
      channel: channel.channelId,
      stored: storedGranularity(granularity),
      froms: bounds.map((bound) => bound.from),
      tos: bounds.map((bound) => bound.to),
      // Same-length text times in one zone sort as the times do.
      from: bounds.map((bound) => bound.from).sort()[0]!,
      to: bounds.map((bound) => bound.to).sort()[bounds.length - 1]!,
    },
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  const answers: MetricsWindow[][] = ranges.map(() => []);
  for (const row of rows) answers[row.range - 1]!.push(toWindow(row)); // arrayEnumerate counts from 1
  return answers;
}

type MetricsRow = { bucket_start: string } & Record<keyof ActivityCounts, number | string>;

/**
 * A window's start as ISO text and its counters, rolled up to the granularity. A stored window
 * longer than the granularity (none today) would be counted whole into the bucket of its start.
 */
const WINDOW_COLUMNS = (granularity: Granularity) => `${bucketOf(granularity, 'window_start')} AS bucket,
             formatDateTime(bucket, '%Y-%m-%dT%H:%i:%SZ', 'UTC') AS bucket_start,
             ${ACTIVITY_COUNTERS.map((counter) => `toInt64(sum(${counter})) AS ${counter}`).join(', ')}`;

function toWindow(row: MetricsRow): MetricsWindow {
  const window = { window_start: row.bucket_start } as MetricsWindow;
  for (const counter of ACTIVITY_COUNTERS) window[counter] = Number(row[counter]);
  return window;
}

/** The range in whole seconds (DateTime): the window that holds `from`'s fraction starts before it. */
export function wholeSeconds(range: { from: Date; to: Date }): { from: string; to: string } {
  return {
    from: clickhouseSeconds(Math.floor(range.from.getTime() / 1000) * 1000),
    to: clickhouseSeconds(Math.ceil(range.to.getTime() / 1000) * 1000),
  };
}
