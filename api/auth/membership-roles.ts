import type { Pool } from 'pg';
import type { Role } from './permissions';

/** A membership's role as PostgreSQL has it now, and the version of that role. */
export interface CurrentRole {
  role: Role;
  version: number;
}

/**
 * Reads a membership's current role: the truth a session falls back on after a change was
 * announced, so authorization follows a role change or a removal on the next request.
 */
export class MembershipRoles {
  constructor(private readonly postgres: Pool) {}

  /** The role of `userId` in `organizationId`, or undefined when they are not a member. */
  async current(organizationId: string, userId: string): Promise<CurrentRole | undefined> {
    const { rows } = await this.postgres.query<{ role: Role; role_version: string }>(
      'SELECT role, role_version FROM memberships WHERE organization_id = $1 AND user_id = $2',
      [organizationId, userId],
    );
    const row = rows[0];
    // bigint arrives as text; versions stay far below 2^53.
    return row ? { role: row.role, version: Number(row.role_version) } : undefined;
  }
}
