import { z } from 'zod';
import { CHANNEL_KEY_PATTERN } from '../../schemas/channel-key';
import { PLANS, type PlanId, requirePlan } from '../../billing/plans';
import type { ParametersFrom } from '../http/route';
import type { MetricsRange } from './channel-metrics';
import { reachesBack, requireHistoryAllowed, windowEnd, windowStart } from './period';

/** A channel key in a path or body, checked by the schema so problems come back as 400s. */
export const channelKeyText = z
  .string()
  .max(64)
  .regex(CHANNEL_KEY_PATTERN, 'a channel looks like telegram:<chat_id> or twitter:<user_id>')
  .describe('telegram:<chat_id> or twitter:<user_id>');

export const channelParams = z.object({ channel: channelKeyText }).strict();

/** A channel route's parameter from the answer of tracking the channel (an OpenAPI link). */
export const fromTrackedChannel: ParametersFrom[] = [
  { operationId: 'trackChannel', parameters: { channel: '$response.body#/channel' } },
];

/** PLAN_UPGRADE_REQUIRED unless the plan allows the range's granularity and how far back it reaches. */
export function requireRangeAllowed(plan: PlanId, range: MetricsRange, now = Date.now()): void {
  requirePlan(
    plan,
    (limits) => limits.granularities.includes(range.granularity),
    `${range.granularity} granularity`,
  );
  requireHistoryAllowed(plan, range.from, now);
}

/**
 * The range checked against the plan (as `requireRangeAllowed`) and widened to whole windows of
 * its granularity: `from` down to the start of its window, `to` up to the end of its own. Windows
 * are answered whole, so the answer reads the same for every request within the same windows, and
 * they share one cache entry (an hourly question asked with 60 different milliseconds is one
 * question). A first window that would start before the plan's history begins is left out instead,
 * so rounding never reaches further back than the plan allows.
 */
export function allowedRange(plan: PlanId, range: MetricsRange, now = Date.now()): MetricsRange {
  requireRangeAllowed(plan, range, now);
  const { granularity } = range;
  let from = windowStart(granularity, range.from.getTime());
  if (!reachesBack(PLANS[plan].historyDays, new Date(from), now)) {
    from = windowEnd(granularity, range.from.getTime());
  }
  const to = Math.max(from, windowEnd(granularity, range.to.getTime()));
  return { granularity, from: new Date(from), to: new Date(to) };
}
