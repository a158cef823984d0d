import type { Pool } from 'pg';
import { AppError } from '../../platform/errors';
import type { PlanId } from '../../billing/plans';
import { LRUCache } from 'lru-cache';

export interface Organization {
  id: string;
  name: string;
  plan: PlanId;
  subscription_status: string | null;
}

/** Reads of the organizations table, always by the caller's own organization id. */
export class Organizations {
  private readonly plans = new LRUCache<string, PlanId>({ max: 10_000, ttl: 30_000 });

  constructor(private readonly postgres: Pool) {}

  async get(organizationId: string): Promise<Organization> {
    const { rows } = await this.postgres.query<Organization>(
      'SELECT id, name, plan, subscription_status FROM organizations WHERE id = $1',
      [organizationId],
    );
    if (!rows[0]) throw new AppError('NOT_FOUND', 'the organization no longer exists');
    return rows[0];
  }

  async plan(organizationId: string): Promise<PlanId> {
    return (await this.get(organizationId)).plan;
  }

  /** The plan as of at most 30 s ago: for rate limits, read on every request. */
  async recentPlan(organizationId: string): Promise<PlanId> {
    const cached = this.plans.get(organizationId);
    if (cached) return cached;
    const plan = await this.plan(organizationId);
    this.plans.set(organizationId, plan);
    return plan;
  }
}
