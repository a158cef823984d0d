import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../../platform/clients/postgres';
import { AppError } from '../../platform/errors';
import type { Role } from '../auth/permissions';

/**
 * What else a membership change touches, run inside its transaction before the commit, so a
 * failure leaves the membership as it was.
 */
export interface MembershipChangeEffects {
  /** Tells every replica's sessions of the membership to read its role again (new `version`). */
  announce(organizationId: string, userId: string, version: number): Promise<void>;
  /** The member was removed: their keys and their sessions in the organization end. */
  removed(client: PoolClient, organizationId: string, userId: string): Promise<void>;
}

export interface Member {
  user_id: string;
  email: string;
  role: Role;
  joined_at: string;
}

/**
 * An organization's members. Every statement is scoped by the caller's organization. An
 * organization always keeps an owner, and only an owner makes or unmakes owners. A role change or
 * a removal takes a new membership version and announces it (`MembershipChangeEffects`), so the
 * member's sessions follow it on their next request.
 */
export class Members {
  constructor(
    private readonly postgres: Pool,
    private readonly effects: MembershipChangeEffects,
  ) {}

  async list(organizationId: string): Promise<Member[]> {
    const { rows } = await this.postgres.query<Member>(
      `SELECT u.id AS user_id, u.email, m.role, to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS joined_at
         FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organization_id = $1 ORDER BY m.created_at, u.email`,
      [organizationId],
    );
    return rows;
  }

  async changeRole(organizationId: string, actorRole: Role, userId: string, role: Role): Promise<void> {
    await this.guarded(organizationId, actorRole, userId, role, async (client) => {
      const { rows } = await client.query<{ role_version: string }>(
        `UPDATE memberships SET role = $3, role_version = nextval('membership_role_versions')
          WHERE organization_id = $1 AND user_id = $2 RETURNING role_version`,
        [organizationId, userId, role],
      );
      await this.effects.announce(organizationId, userId, Number(rows[0]!.role_version));
    });
  }

  async remove(organizationId: string, actorRole: Role, userId: string): Promise<void> {
    await this.guarded(organizationId, actorRole, userId, undefined, async (client) => {
      await client.query('DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2', [
        organizationId,
        userId,
      ]);
      // A version newer than any the membership had, so every session of it reads it again.
      const { rows } = await client.query<{ version: string }>(
        "SELECT nextval('membership_role_versions') AS version",
      );
      await this.effects.removed(client, organizationId, userId);
      await this.effects.announce(organizationId, userId, Number(rows[0]!.version));
    });
  }

  /** Runs a change of one membership under the owner rules, with the organization's rows locked. */
  private async guarded(
    organizationId: string,
    actorRole: Role,
    userId: string,
    newRole: Role | undefined,
    change: (client: PoolClient) => Promise<unknown>,
  ): Promise<void> {
    return inTransaction(this.postgres, async (client) => {
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
    });
  }
}

function ownersOnly(): AppError {
  return new AppError('FORBIDDEN', 'only an owner makes or changes owners', {
    details: { permission: 'owner' },
  });
}
