import type { Pool } from 'pg';
import { inTransaction } from '../../platform/clients/postgres';
import { AppError } from '../../platform/errors';
import type { Membership } from '../auth/accounts';
import { hashOneTimeToken, newOneTimeToken } from '../auth/one-time-tokens';
import type { Role } from '../auth/permissions';

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  invited_at: string;
  expires_at: string;
}

/** A new invitation, with what its mail needs: the token (never stored) and the organization's name. */
export interface IssuedInvitation {
  invitation: Invitation;
  token: string;
  organizationName: string;
}

const INVITATION_TTL = '7 days';
/** Pending invitations an organization may hold: bounds the mail one (free) account can send. */
export const MAX_PENDING_INVITATIONS = 50;

const COLUMNS = `id, email, role,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS invited_at,
  to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS expires_at`;

/**
 * Invitations to join an organization, accepted by the invitee. Nothing is looked up about the
 * email when inviting, so the answer and its timing are the same whether it has an account; the
 * membership exists only once someone signed in with that email spends the mailed token.
 */
export class Invitations {
  constructor(private readonly postgres: Pool) {}

  /**
   * Invites `email` with `role`, replacing any pending invitation of the same email (whose token
   * stops working). Only owners invite owners; CONFLICT when the email is a member already or the
   * organization holds too many pending invitations.
   */
  async invite(
    organizationId: string,
    actor: { userId: string; role: Role },
    email: string,
    role: Role,
  ): Promise<IssuedInvitation> {
    if (role === 'owner' && actor.role !== 'owner') {
      throw new AppError('FORBIDDEN', 'only an owner makes or changes owners', {
        details: { permission: 'owner' },
      });
    }
    const { token, hash } = newOneTimeToken();
    return inTransaction(this.postgres, async (client) => {
      // Serializes invitations of one organization, so the cap holds under concurrent requests.
      const { rows: organizations } = await client.query<{ name: string; member: boolean; pending: number }>(
        `SELECT o.name,
                EXISTS (SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id
                         WHERE m.organization_id = o.id AND u.email = $2) AS member,
                (SELECT count(*)::int FROM invitations i
                  WHERE i.organization_id = o.id AND i.email <> $2 AND i.expires_at > now()) AS pending
           FROM organizations o WHERE o.id = $1 FOR UPDATE`,
        [organizationId, email],
      );
      const organization = organizations[0];
      if (!organization) throw new AppError('NOT_FOUND', 'the organization no longer exists');
      // The admin sees the member list anyway: saying so tells nothing about other accounts.
      if (organization.member) throw new AppError('CONFLICT', 'this email belongs to a member already');
      if (organization.pending >= MAX_PENDING_INVITATIONS) {
        throw new AppError(
          'CONFLICT',
          `at most ${MAX_PENDING_INVITATIONS} pending invitations; revoke some or wait until they expire`,
        );
      }
      const { rows } = await client.query<Invitation>(
        `INSERT INTO invitations (organization_id, email, role, token_hash, invited_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, now() + interval '${INVITATION_TTL}')
         ON CONFLICT (organization_id, email) DO UPDATE SET role = EXCLUDED.role,
           token_hash = EXCLUDED.token_hash, invited_by = EXCLUDED.invited_by,
           created_at = now(), expires_at = EXCLUDED.expires_at
         RETURNING ${COLUMNS}`,
        [organizationId, email, role, hash, actor.userId],
      );
      return { invitation: rows[0]!, token, organizationName: organization.name };
    });
  }

  /** Pending invitations, expired ones included (their `expires_at` says so), newest first. */
  async list(organizationId: string): Promise<Invitation[]> {
    const { rows } = await this.postgres.query<Invitation>(
      `SELECT ${COLUMNS} FROM invitations WHERE organization_id = $1 ORDER BY created_at DESC, email`,
      [organizationId],
    );
    return rows;
  }

  /** Withdraws a pending invitation; false when the organization has none with this id. */
  async revoke(organizationId: string, invitationId: string): Promise<boolean> {
    const { rowCount } = await this.postgres.query(
      'DELETE FROM invitations WHERE organization_id = $1 AND id = $2',
      [organizationId, invitationId],
    );
    return rowCount === 1;
  }

  /**
   * Spends an invitation's token for the signed-in user: they become a member with the invited
   * role. NOT_FOUND when the token names no live invitation (accepted, replaced, revoked or
   * expired); FORBIDDEN when the user's email is not the invited one (the token stays good);
   * CONFLICT when they are a member already.
   */
  async accept(userId: string, token: string): Promise<Membership> {
    return inTransaction(this.postgres, async (client) => {
      const { rows } = await client.query<{ id: string; organization_id: string; email: string; role: Role }>(
        `SELECT id, organization_id, email, role FROM invitations
          WHERE token_hash = $1 AND expires_at > now() FOR UPDATE`,
        [hashOneTimeToken(token)],
      );
      const invitation = rows[0];
      if (!invitation) {
        throw new AppError(
          'NOT_FOUND',
          'no such invitation: it was accepted, replaced, revoked or has expired',
        );
      }
      const user = await client.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [userId]);
      if (user.rows[0]?.email !== invitation.email) {
        throw new AppError('FORBIDDEN', 'this invitation is for another email: sign in with the invited one');
      }
      await client.query('DELETE FROM invitations WHERE id = $1', [invitation.id]);
      const joined = await client.query(
        `INSERT INTO memberships (organization_id, user_id, role) VALUES ($1, $2, $3)
         ON CONFLICT (organization_id, user_id) DO NOTHING`,
        [invitation.organization_id, userId, invitation.role],
      );
      if (joined.rowCount === 0)
        throw new AppError('CONFLICT', 'you are a member of this organization already');
      return { userId, organizationId: invitation.organization_id, role: invitation.role };
    });
  }
}
