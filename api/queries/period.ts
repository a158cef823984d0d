import { z } from 'zod';
import { AppError } from '../../platform/errors';
import { type Granularity, PLANS, type PlanId, requirePlan } from '../../billing/plans';

/** The longest period a content question may cover, so no query scans without bound. */
const MAX_PERIOD_DAYS = 366;

/** `from` and `to` of a question about posts (ISO 8601 with an offset). */
export const periodQuery = {
  from: z.iso
    .datetime({ offset: true })
    .optional()
    .describe(
      'Start, inclusive (ISO 8601 with an offset). Must be before `to`, and the period may cover at ' +
        `most ${MAX_PERIOD_DAYS} days (400 VALIDATION_FAILED otherwise).`,
    ),
  to: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('End, exclusive; the end of this minute by default.'),
};

export interface Period {
  from: Date;
  to: Date;
}

/**
 * Resolves a period in whole minutes: `from` rounds down and `to` up to the minute, and `to`
 * defaults to the end of the current minute, `from` to `defaultDays` before `to`. Whole minutes
 * bound what callers can make distinct: requests a millisecond apart ask the same question and
 * share one cached answer (the answer says the period it covers).
 */
export function resolvePeriod(
  query: { from?: string; to?: string },
  defaultDays: number,
  now = Date.now(),
  maxDays = MAX_PERIOD_DAYS,
  tooLong = `a period may cover at most ${maxDays} days`,
): Period {
  const to = query.to ? new Date(query.to) : new Date(Math.ceil((now + 1) / 60_000) * 60_000);
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - defaultDays * 86_400_000);
  if (from >= to) throw new AppError('VALIDATION_FAILED', '`from` must be before `to`');
  if (to.getTime() - from.getTime() > maxDays * 86_400_000) {
    throw new AppError('VALIDATION_FAILED', tooLong, { details: { max_days: maxDays } });
  }
  return {
    from: new Date(windowStart('minute', from.getTime())),
    to: new Date(windowEnd('minute', to.getTime())),
  };
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const FIXED_MS = { minute: 60_000, hour: 3_600_000, day: DAY_MS } as const;
/** 1970-01-01 was a Thursday: weeks (Monday to Sunday) start 4 days after multiples of 7 days. */
const MONDAY_MS = 4 * DAY_MS;

/** The start (UTC) of the window of `granularity` that holds `ms`: the buckets ClickHouse rolls up to. */
export function windowStart(granularity: Granularity, ms: number): number {
  if (granularity === 'week') return Math.floor((ms - MONDAY_MS) / WEEK_MS) * WEEK_MS + MONDAY_MS;
  if (granularity === 'month') {
    const date = new Date(ms);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  }
  return Math.floor(ms / FIXED_MS[granularity]) * FIXED_MS[granularity];
}

/** The start of the window `count` windows of `granularity` before the one starting at `from`. */
export function windowsBack(granularity: Granularity, from: Date, count: number): number {
  if (granularity === 'month') return Date.UTC(from.getUTCFullYear(), from.getUTCMonth() - count, 1);
  return from.getTime() - count * (granularity === 'week' ? WEEK_MS : FIXED_MS[granularity]);
}

/** `ms` itself when a window starts there, otherwise the start of the next window. */
export function windowEnd(granularity: Granularity, ms: number): number {
  const start = windowStart(granularity, ms);
  if (start === ms) return ms;
  if (granularity === 'week') return start + WEEK_MS;
  if (granularity === 'month') {
    const date = new Date(start);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  }
  return start + FIXED_MS[granularity];
}

/** A time's UTC day, `YYYY-MM-DD`: as answers name days and ClickHouse's `Date` reads them. */
export function isoDay(time: Date | number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** A time to the second, `YYYY-MM-DDThh:mm:ssZ` (UTC): as answers name window starts. */
export function isoSecond(time: Date | number): string {
  return `${new Date(time).toISOString().slice(0, 19)}Z`;
}

/** PLAN_UPGRADE_REQUIRED unless the plan's history reaches back to `from`. */
export function requireHistoryAllowed(plan: PlanId, from: Date, now = Date.now()): void {
  requirePlan(
    plan,
    (limits) => reachesBack(limits.historyDays, from, now),
    `Data older than ${PLANS[plan].historyDays} days`,
  );
}

/**
 * Whether a history of `days` (null: all) reaches back to `from`. Two minutes of slack: one so
 * "the last 30 days" asked a moment ago is still allowed, one for the rounding of periods down to
 * the minute.
 */
export function reachesBack(days: number | null, from: Date, now = Date.now()): boolean {
  return days === null || from.getTime() >= now - days * DAY_MS - 120_000;
}

/** A question's cache name: its route and its parameters, in a fixed order. */
export function questionKey(name: string, period: Period, ...parameters: (string | number)[]): string {
  return [name, period.from.toISOString(), period.to.toISOString(), ...parameters].join(':');
}
