import { z } from 'zod';
import { AppError } from '../../platform/errors';
import { PLANS, type PlanId, requirePlan } from '../billing/plans';

/** `from` and `to` of a question about posts (ISO 8601 with an offset). */
export const periodQuery = {
  from: z.iso.datetime({ offset: true }).optional().describe('Start, inclusive (ISO 8601).'),
  to: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('End, exclusive; the end of this minute by default.'),
};

export interface Period {
  from: Date;
  to: Date;
}

/** The longest period a content question may cover, so no query scans without bound. */
const MAX_PERIOD_DAYS = 366;

/**
 * Resolves a period: `to` defaults to the end of the current minute (so repeated requests share a
 * cache entry), `from` to `defaultDays` before `to`.
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
  return { from, to };
}

/** PLAN_UPGRADE_REQUIRED unless the plan's history reaches back to `from`. */
export function requireHistoryAllowed(plan: PlanId, from: Date): void {
  // A minute of slack, so "the last 30 days" asked a moment ago is still allowed.
  const reaches = (days: number | null) =>
    days === null || from.getTime() >= Date.now() - days * 86_400_000 - 60_000;
  requirePlan(
    plan,
    (limits) => reaches(limits.historyDays),
    `Data older than ${PLANS[plan].historyDays} days`,
  );
}

/** A question's cache name: its route and its parameters, in a fixed order. */
export function questionKey(name: string, period: Period, ...parameters: (string | number)[]): string {
  return [name, period.from.toISOString(), period.to.toISOString(), ...parameters].join(':');
}
