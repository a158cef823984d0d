import { type ClickHouseClient, clickhouseTime, queryRows } from '../../platform/clients/clickhouse';
import type { ChannelRef } from '../../schemas/channel-key';
import { audienceMetric } from './activity-queries';
import { MIN_HISTORY, forecast } from './forecast';
import { isoDay } from './period';

const DAY_MS = 86_400_000;
/** The history a forecast reads at most: a year of days. */
const MAX_HISTORY_DAYS = 365;

/** The audience per UTC day: the last sample of each day, a day without one carrying the day before's. */
export async function dailyAudience(
  client: ClickHouseClient,
  database: string,
  channel: ChannelRef,
  since: Date,
): Promise<{ days: string[]; counts: number[] }> {
  const rows = await queryRows<{ day: string; count: number }>(client, {
    query: `
      SELECT toString(toDate(observed_at)) AS day, argMax(count, observed_at) AS count
      FROM ${database}.channel_stats FINAL
      WHERE source = {source:String} AND channel_id = {channel:String} AND metric = {metric:String}
        AND observed_at >= {since:DateTime64(3, 'UTC')}
      GROUP BY day ORDER BY day`,
    query_params: {
      source: channel.source,
      channel: channel.channelId,
      metric: audienceMetric(channel),
      since: clickhouseTime(since),
    },
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  const days: string[] = [];
  const counts: number[] = [];
  if (rows.length === 0) return { days, counts };
  const known = new Map(rows.map((row) => [row.day, Number(row.count)]));
  const last = Date.parse(`${rows[rows.length - 1]!.day}T00:00:00Z`);
  let count = Number(rows[0]!.count);
  for (let ms = Date.parse(`${rows[0]!.day}T00:00:00Z`); ms <= last; ms += DAY_MS) {
    const day = isoDay(ms);
    count = known.get(day) ?? count;
    days.push(day);
    counts.push(count);
  }
  return { days, counts };
}

export interface AudienceForecastAnswer {
  metric: 'members' | 'followers';
  /** Days of history the forecast read (a day per UTC day, gaps filled with the day before). */
  history_days: number;
  last_day: string | null;
  last_count: number | null;
  /** Whether there is enough history; the forecast is null when there is not. */
  status: 'ok' | 'not_enough_history';
  min_history_days: number;
  /** The next 30 days after the last day, each with its 80% interval. */
  days: { day: string; count: number; lower: number; upper: number }[] | null;
  /** The 7th and the 30th day ahead. */
  in_7_days: { count: number; lower: number; upper: number } | null;
  in_30_days: { count: number; lower: number; upper: number } | null;
}

/**
 * The audience of the next 30 days from the daily history the plan may read (a year at most), by
 * damped additive Holt-Winters with a weekly season (forecast.ts); "not enough history" below
 * MIN_HISTORY days.
 */
export async function audienceForecast(
  client: ClickHouseClient,
  database: string,
  channel: ChannelRef,
  historyDays: number | null,
  now = Date.now(),
): Promise<AudienceForecastAnswer> {
  const reach = Math.min(historyDays ?? MAX_HISTORY_DAYS, MAX_HISTORY_DAYS);
  const since = new Date(Math.floor(now / DAY_MS) * DAY_MS - reach * DAY_MS);
  const { days, counts } = await dailyAudience(client, database, channel, since);
  const prediction = forecast(counts, 30);
  const lastDay = days[days.length - 1] ?? null;
  const round = (point: { value: number; lower: number; upper: number }) => ({
    count: Math.round(point.value),
    lower: Math.round(point.lower),
    upper: Math.round(point.upper),
  });
  const ahead = prediction?.points.map((point) => ({
    day: isoDay(Date.parse(`${lastDay}T00:00:00Z`) + point.step * DAY_MS),
    ...round(point),
  }));
  return {
    metric: audienceMetric(channel),
    history_days: days.length,
    last_day: lastDay,
    last_count: counts[counts.length - 1] ?? null,
    status: prediction ? 'ok' : 'not_enough_history',
    min_history_days: MIN_HISTORY,
    days: ahead ?? null,
    in_7_days: prediction ? round(prediction.points[6]!) : null,
    in_30_days: prediction ? round(prediction.points[29]!) : null,
  };
}
