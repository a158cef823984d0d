import type { Pool, PoolClient } from 'pg';
import { AppError } from '../../platform/errors';
import type { Role } from '../auth/permissions';

export interface Member {
  user_id: string;
  email: string;
  role: Role;
  joined_at: string;
}

/**
 * An organization's members. Every statement is scoped by the caller's organization. An
 * organization always keeps an owner, and only an owner makes or unmakes owners.
 */
export class Members {
  constructor(private readonly postgres: Pool) {}

  async list(organizationId: string): Promise<Member[]> {
    const { rows } = await this.postgres.query<Member>(
      `SELECT u.id AS user_id, u.email, m.role, to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS joined_at
         FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organization_id = $1 ORDER BY m.created_at, u.email`,
      [organizationId],
    );
    return rows;
  }

  /** Adds an existing account by email; they sign up first if they have none. */
  async add(organizationId: string, actorRole: Role, email: string, role: Role): Promise<Member> {
    if (role === 'owner' && actorRole !== 'owner') throw ownersOnly();
    const { rows } = await this.postgres.query<Member>(
      `WITH added AS (
         INSERT INTO memberships (organization_id, user_id, role)
         SELECT $1, id, $3 FROM users WHERE email = $2
         ON CONFLICT (organization_id, user_id) DO NOTHING
         RETURNING user_id, role, created_at)
       SELECT a.user_id, $2 AS email, a.role, to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS joined_at FROM added a`,
      [organizationId, email.toLowerCase(), role],
    );
    if (rows[0]) return rows[0];
    const exists = await this.postgres.query('SELECT 1 FROM users WHERE email = $1', [email.toLowerCase()]);
    if (exists.rowCount === 0)
      throw new AppError('NOT_FOUND', 'no account has this email; they sign up first');
    throw new AppError('CONFLICT', 'this account is a member already');
  }

  async changeRole(organizationId: string, actorRole: Role, userId: string, role: Role): Promise<void> {
    await this.guarded(organizationId, actorRole, userId, role, (client) =>
      client.query('UPDATE memberships SET role = $3 WHERE organization_id = $1 AND user_id = $2', [
        organizationId,
        userId,
        role,
      ]),
    );
  }

  async remove(organizationId: string, actorRole: Role, userId: string): Promise<void> {
    await this.guarded(organizationId, actorRole, userId, undefined, (client) =>
      client.query('DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2', [
        organizationId,
        userId,
      ]),
    );
  }

  /** Runs a change of one membership under the owner rules, with the organization's rows locked. */
  private async guarded(
    organizationId: string,
    actorRole: Role,
    userId: string,
    newRole: Role | undefined,
    change: (client: PoolClient) => Promise<unknown>,
  ): Promise<void> {
    const client = await this.postgres.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ user_id: string; role: Role }>(
        'SELECT user_id, role FROM memberships WHERE organization_id = $1 FOR UPDATE',
        [organizationId],
      );
      const target = rows.find((row) => row.user_id === userId);
      if (!target) throw new AppError('NOT_FOUND', 'no such member in this organization');
      if ((target.role === 'owner' || newRole === 'owner') && actorRole !== 'owner') throw ownersOnly();
      const owners = rows.filter((row) => row.role === 'owner').length;
      if (target.role === 'owner' && newRole !== 'owner' && owners === 1) {
        throw new AppError('CONFLICT', 'an organization keeps at least one owner');
      }
      await change(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }
}

function ownersOnly(): AppError {
  return new AppError('FORBIDDEN', 'only an owner makes or changes owners', {
    details: { permission: 'owner' },
  });
}
