import type { Pool } from 'pg';
import { AppError } from '../../platform/errors';
import type { PlanId } from '../billing/plans';

export interface Organization {
  id: string;
  name: string;
  plan: PlanId;
  subscription_status: string | null;
}

/** Reads of the organizations table, always by the caller's own organization id. */
export class Organizations {
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
}
