import type { Pool } from 'pg';
import { PLAN_IDS, PLANS } from '../../billing/plans';
import type { Logger } from '../../platform/logger';
import type { Metrics } from '../../platform/metrics';

/** The first day of `now`'s calendar month in UTC, as PostgreSQL's date text. */
export function monthOf(now: Date): string {
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}-01`;
}

/**
 * Reads cost money on X, so each organization has a monthly read budget, its plan's
 * `xReadsPerMonth` (none on Free) unless `organizations.twitter_monthly_read_budget` sets one: every post or user X
 * returns counts one read, charged to each organization tracking the target it was read for (what
 * its tracking would cost alone). A target is read only while one of its organizations has budget
 * left; an organization that has spent its budget is not charged and says so, in a log line once a
 * month and in `social_analytics_x_read_budget_remaining`.
 */
export class ReadBudget {
  private readonly announced = new Set<string>();

  constructor(
    private readonly postgres: Pool,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {}

  /** Reads left this month per organization (0 when spent). */
  async remaining(organizations: string[], now: Date): Promise<Map<string, number>> {
    const { rows } = await this.postgres.query<{ id: string; budget: string; remaining: string }>(
      `SELECT o.id::text AS id, COALESCE(o.twitter_monthly_read_budget, p.reads, 0) AS budget,
              COALESCE(o.twitter_monthly_read_budget, p.reads, 0) - COALESCE(u.reads, 0) AS remaining
         FROM organizations o
         LEFT JOIN unnest($2::text[], $3::bigint[]) AS p(plan, reads) ON p.plan = o.plan
         LEFT JOIN twitter_read_usage u ON u.organization_id = o.id AND u.month = $4::date
        WHERE o.id = ANY($1::uuid[])`,
      [organizations, PLAN_IDS, PLAN_IDS.map((plan) => PLANS[plan].xReadsPerMonth), monthOf(now)],
    );
    const left = new Map(rows.map((row) => [row.id, Math.max(0, Number(row.remaining))]));
    for (const row of rows) {
      const reads = left.get(row.id)!;
      this.metrics.xReadBudgetRemaining.set({ organization: row.id }, reads);
      // No budget at all (Free) is the plan working as meant, not news worth a warning.
      if (reads === 0 && Number(row.budget) > 0) this.announce(row.id, now);
    }
    return left;
  }

  /** The most reads the next request for a target may return: the largest budget left among its organizations. */
  async allowance(organizations: string[], now: Date): Promise<number> {
    return Math.max(0, ...(await this.remaining(organizations, now)).values());
  }

  /** Charges `reads` to each organization that still had budget, never beyond what it had left. */
  async charge(organizations: string[], reads: number, now: Date): Promise<void> {
    if (reads <= 0) return;
    const left = await this.remaining(organizations, now);
    const payers = [...left].filter(([, remaining]) => remaining > 0);
    if (payers.length === 0) return;
    await this.postgres.query(
      `INSERT INTO twitter_read_usage (organization_id, month, reads)
       SELECT id, $3::date, charged FROM unnest($1::uuid[], $2::bigint[]) AS c(id, charged)
       ON CONFLICT (organization_id, month) DO UPDATE SET reads = twitter_read_usage.reads + excluded.reads`,
      [payers.map(([id]) => id), payers.map(([, remaining]) => Math.min(reads, remaining)), monthOf(now)],
    );
    for (const [organization, remaining] of payers) {
      const charged = Math.min(reads, remaining);
      this.metrics.xReads.inc({ organization }, charged);
      this.metrics.xReadBudgetRemaining.set({ organization }, remaining - charged);
      if (remaining - charged === 0) this.announce(organization, now);
    }
  }

  private announce(organization: string, now: Date): void {
    const key = `${organization}:${monthOf(now)}`;
    if (this.announced.has(key)) return;
    this.announced.add(key);
    this.logger.warn(
      { organization, month: monthOf(now) },
      "organization's monthly X read budget is spent; its X targets are not polled until the month ends",
    );
  }
}
