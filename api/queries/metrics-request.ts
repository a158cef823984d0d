import { z } from 'zod';
import { isChannelKey } from '../../schemas/channel-key';
import { type PlanId, requirePlan } from '../billing/plans';
import type { MetricsRange } from './channel-metrics';
import { requireHistoryAllowed } from './period';

/** A channel key in a path or body, checked by the schema so problems come back as 400s. */
export const channelKeyText = z
  .string()
  .max(64)
  .refine(isChannelKey, 'a channel looks like telegram:<chat_id> or twitter:<user_id>')
  .describe('telegram:<chat_id> or twitter:<user_id>');

export const channelParams = z.object({ channel: channelKeyText }).strict();

/** PLAN_UPGRADE_REQUIRED unless the plan allows the range's granularity and how far back it reaches. */
export function requireRangeAllowed(plan: PlanId, range: MetricsRange): void {
  requirePlan(
    plan,
    (limits) => limits.granularities.includes(range.granularity),
    `${range.granularity} granularity`,
  );
  requireHistoryAllowed(plan, range.from);
}
