import { z } from 'zod';
import { type ClickHouseClient, clickhouseTime, queryRows } from '../../platform/clients/clickhouse';
import type { ChannelRef } from '../../schemas/channel-key';
import { resolvePeriod } from './period';

export const GRANULARITIES = ['minute', 'hour', 'day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

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
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    granularity: z.enum(GRANULARITIES).default('hour'),
  })
  .strict();

export interface MetricsRange {
  from: Date;
  to: Date;
  granularity: Granularity;
}

export interface MetricsWindow {
  window_start: string;
  posts: number;
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

/** Post counts per window for one channel, rolled up from the minute windows. */
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
      WHERE source = {source:String} AND channel_id = {channel:String} AND granularity = 'minute'
        AND window_start >= {from:DateTime('UTC')} AND window_start < {to:DateTime('UTC')}
      GROUP BY bucket
      ORDER BY bucket`,
    query_params: { source: channel.source, channel: channel.channelId, from, to },
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  return rows.map(toWindow);
}

/** One question of a batch: a channel and a range, all of the batch's granularity. */
export interface MetricsQuestion {
  channel: ChannelRef;
  range: MetricsRange;
}

/**
 * The answers to several questions of one granularity in one query, in the questions' order.
 * Each question is a row of parallel array parameters, joined to the minute windows it covers:
 * the table is read once over the union of the ranges (narrowed by the primary key), and the
 * engine's cost per query is paid once for the batch instead of once per question.
 */
export async function queryChannelMetricsBatch(
  client: ClickHouseClient,
  database: string,
  granularity: Granularity,
  questions: MetricsQuestion[],
): Promise<MetricsWindow[][]> {
  const ranges = questions.map((question) => wholeSeconds(question.range));
  const rows = await queryRows<MetricsRow & { question: number }>(client, {
    query: `
      SELECT question, ${WINDOW_COLUMNS(granularity)}
      FROM ${database}.channel_metrics FINAL
      ARRAY JOIN {questions:Array(UInt32)} AS question, {sources:Array(String)} AS question_source,
        {channels:Array(String)} AS question_channel, {froms:Array(DateTime('UTC'))} AS question_from,
        {tos:Array(DateTime('UTC'))} AS question_to
      WHERE source IN {sources:Array(String)} AND channel_id IN {channels:Array(String)}
        AND granularity = 'minute' AND window_start >= {from:DateTime('UTC')} AND window_start < {to:DateTime('UTC')}
        AND source = question_source AND channel_id = question_channel
        AND window_start >= question_from AND window_start < question_to
      GROUP BY question, bucket
      ORDER BY question, bucket`,
    query_params: {
      questions: questions.map((_, i) => i),
      sources: questions.map((question) => question.channel.source),
      channels: questions.map((question) => question.channel.channelId),
      froms: ranges.map((range) => range.from),
      tos: ranges.map((range) => range.to),
      // Same-length text times in one zone sort as the times do.
      from: ranges.map((range) => range.from).sort()[0]!,
      to: ranges.map((range) => range.to).sort()[ranges.length - 1]!,
    },
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  const answers: MetricsWindow[][] = questions.map(() => []);
  for (const row of rows) answers[row.question]!.push(toWindow(row));
  return answers;
}

interface MetricsRow {
  bucket_start: string;
  post_count: number;
}

/** A window's start as ISO text and its post count, rolled up to the granularity. */
const WINDOW_COLUMNS = (granularity: Granularity) => `${bucketOf(granularity, 'window_start')} AS bucket,
             formatDateTime(bucket, '%Y-%m-%dT%H:%i:%SZ', 'UTC') AS bucket_start,
             toUInt64(sum(posts)) AS post_count`;

function toWindow(row: MetricsRow): MetricsWindow {
  return { window_start: row.bucket_start, posts: Number(row.post_count) };
}

/** The range in whole seconds (DateTime): the window that holds `from`'s fraction starts before it. */
function wholeSeconds(range: MetricsRange): { from: string; to: string } {
  return {
    from: clickhouseTime(Math.floor(range.from.getTime() / 1000) * 1000).slice(0, 19),
    to: clickhouseTime(Math.ceil(range.to.getTime() / 1000) * 1000).slice(0, 19),
  };
}
