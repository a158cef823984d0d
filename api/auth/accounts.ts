import type { Pool } from 'pg';
import { AppError } from '../../platform/errors';
import { hashPassword, verifyPassword } from './passwords';
import type { Role } from './permissions';

export interface Membership {
  userId: string;
  organizationId: string;
  role: Role;
}

/** A hash to compare against when the email is unknown, so timing does not tell which it was. */
let decoy: Promise<string> | undefined;

/** Users, their organizations and roles, in PostgreSQL. Email is the login, kept lower-case. */
export class Accounts {
  constructor(private readonly postgres: Pool) {}

  /** A new user owning a new organization (on the Free plan). CONFLICT when the email is taken. */
  async signUp(email: string, password: string, organizationName: string): Promise<Membership> {
    const passwordHash = await hashPassword(password);
    const client = await this.postgres.connect();
    try {
      await client.query('BEGIN');
      const user = await client.query<{ id: string }>(
        'INSERT INTO users (email, password_hash) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING RETURNING id',
        [email.toLowerCase(), passwordHash],
      );
      if (user.rowCount === 0) throw new AppError('CONFLICT', 'an account with this email exists already');
      const organization = await client.query<{ id: string }>(
        'INSERT INTO organizations (name) VALUES ($1) RETURNING id',
        [organizationName],
      );
      const membership: Membership = {
        userId: user.rows[0]!.id,
        organizationId: organization.rows[0]!.id,
        role: 'owner',
      };
      await client.query(
        "INSERT INTO memberships (organization_id, user_id, role) VALUES ($1, $2, 'owner')",
        [membership.organizationId, membership.userId],
      );
      await client.query('COMMIT');
      return membership;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * The membership a correct email and password sign in to: the given organization, or the
   * user's first. INVALID_CREDENTIALS for a wrong email or password alike.
   */
  async signIn(email: string, password: string, organizationId?: string): Promise<Membership> {
    const { rows } = await this.postgres.query<{ id: string; password_hash: string | null }>(
      'SELECT id, password_hash FROM users WHERE email = $1',
      [email.toLowerCase()],
    );
    const user = rows[0];
    decoy ??= hashPassword('decoy password, never valid');
    const matches = await verifyPassword(password, user?.password_hash ?? (await decoy));
    if (!user?.password_hash || !matches)
      throw new AppError('INVALID_CREDENTIALS', 'wrong email or password');
    const membership = await this.membership(user.id, organizationId);
    if (!membership) throw new AppError('FORBIDDEN', 'this account is not a member of that organization');
    return membership;
  }

  /** The user's role in an organization (or their first one), or undefined when not a member. */
  async membership(userId: string, organizationId?: string): Promise<Membership | undefined> {
    const { rows } = await this.postgres.query<{ organization_id: string; role: Role }>(
      `SELECT organization_id, role FROM memberships WHERE user_id = $1 AND ($2::uuid IS NULL OR organization_id = $2::uuid)
        ORDER BY created_at, organization_id LIMIT 1`,
      [userId, organizationId ?? null],
    );
    const row = rows[0];
    return row ? { userId, organizationId: row.organization_id, role: row.role } : undefined;
  }
}
