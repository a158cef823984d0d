import { AppError } from '../platform/errors';

/**
 * The grains metrics are read at. Plans are sold by them (Free reads days and longer), so they are
 * billing's vocabulary; the queries map each to its SQL.
 */
export const GRANULARITIES = ['minute', 'hour', 'day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const PLAN_IDS = ['free', 'pro', 'enterprise'] as const;
export type PlanId = (typeof PLAN_IDS)[number];

export interface PlanLimits {
  name: string;
  /** Monthly price in US cents. */
  priceCents: number;
  /** Tracked channels and accounts; null for unlimited. */
  maxChannels: number | null;
  granularities: readonly Granularity[];
  /** How far back metrics may be read; null for the full history. */
  historyDays: number | null;
  exports: boolean;
  apiKeys: boolean;
  customIntegrations: boolean;
  prioritySupport: boolean;
  /** API requests a minute per user or API key. */
  requestsPerMinute: number;
  /**
   * Posts and users read from X a month for the organization's tracked accounts and searches
   * (each read costs us money). Free reads none: its X targets are polled only while a paying
   * organization tracks them too. `organizations.twitter_monthly_read_budget` overrides this.
   */
  xReadsPerMonth: number;
}

/** Every plan's limits, in one place: the API and the X poller enforce these and nothing else. */
export const PLANS: Record<PlanId, PlanLimits> = {
  free: {
    name: 'Free',
    priceCents: 0,
    maxChannels: 3,
    granularities: ['day', 'week', 'month'],
    historyDays: 30,
    exports: false,
    apiKeys: false,
    customIntegrations: false,
    prioritySupport: false,
    requestsPerMinute: 100,
    xReadsPerMonth: 0,
  },
  pro: {
    name: 'Pro',
    priceCents: 2999,
    maxChannels: null,
    granularities: ['minute', 'hour', 'day', 'week', 'month'],
    historyDays: null,
    exports: true,
    apiKeys: false,
    customIntegrations: false,
    prioritySupport: true,
    requestsPerMinute: 300,
    xReadsPerMonth: 10_000,
  },
  enterprise: {
    name: 'Enterprise',
    priceCents: 9999,
    maxChannels: null,
    granularities: ['minute', 'hour', 'day', 'week', 'month'],
    historyDays: null,
    exports: true,
    apiKeys: true,
    customIntegrations: true,
    prioritySupport: true,
    requestsPerMinute: 1000,
    xReadsPerMonth: 50_000,
  },
};

/**
 * Refuses what `plan` does not allow with PLAN_UPGRADE_REQUIRED (402), naming the cheapest plan
 * that would allow it.
 */
export function requirePlan(plan: PlanId, allows: (limits: PlanLimits) => boolean, what: string): void {
  if (allows(PLANS[plan])) return;
  const required = PLAN_IDS.find((id) => allows(PLANS[id]));
  throw new AppError(
    'PLAN_UPGRADE_REQUIRED',
    required
      ? `${what} needs the ${PLANS[required].name} plan; this organization is on ${PLANS[plan].name}`
      : `${what} is not available on any plan`,
    { details: { plan, required_plan: required ?? null } },
  );
}
