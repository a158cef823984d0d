import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../../platform/clients/postgres';
import { AppError } from '../../platform/errors';
import type { OidcIdentity } from './oidc/identity-claims';
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
    return inTransaction(this.postgres, (client) =>
      this.createOwner(client, email.toLowerCase(), passwordHash, organizationName),
    );
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

  /**
   * The membership an OpenID Connect identity signs in to (the user's first organization). On
   * the identity's first sign-in a new user (no password) owning a new Free organization is made
   * for it; an existing account with the same email is never taken over (CONFLICT). Nothing is
   * created without a verified email: OIDC_EMAIL_NOT_VERIFIED.
   */
  async signInWithOidc(identity: OidcIdentity): Promise<Membership> {
    const userId = (await this.oidcUserId(identity)) ?? (await this.linkOidcIdentityOnce(identity));
    const membership = await this.membership(userId);
    if (!membership) throw new AppError('FORBIDDEN', 'this account is not a member of any organization');
    return membership;
  }

  private async linkOidcIdentityOnce(identity: OidcIdentity): Promise<string> {
    try {
      return await this.linkOidcIdentity(identity);
    } catch (error) {
      // A unique violation or a taken email: either a concurrent first sign-in of the same person
      // made the rows first, or the address belongs to an account made otherwise.
      const code = (error as { code?: string }).code;
      if (code !== '23505' && code !== 'CONFLICT') throw error;
      const userId = await this.oidcUserId(identity);
      if (userId) return userId;
      throw new AppError(
        'CONFLICT',
        'an account with this email exists already: sign in with its password (it is not linked to the provider by email)',
      );
    }
  }

  private async oidcUserId(identity: OidcIdentity): Promise<string | undefined> {
    const { rows } = await this.postgres.query<{ user_id: string }>(
      'SELECT user_id FROM oidc_identities WHERE issuer = $1 AND subject = $2',
      [identity.issuer, identity.subject],
    );
    return rows[0]?.user_id;
  }

  private async linkOidcIdentity(identity: OidcIdentity): Promise<string> {
    const email = identity.verifiedEmail;
    if (email === undefined) {
      throw new AppError(
        'OIDC_EMAIL_NOT_VERIFIED',
        'the provider did not assert a verified email, which a first sign-in needs',
      );
    }
    return inTransaction(this.postgres, async (client) => {
      // Never linked to an existing account by email: emails are not verified at sign-up here, so
      // whoever registered the address first would receive the provider's sign-ins.
      const userId = (await this.createOwner(client, email, null, identity.name ?? email)).userId;
      await client.query('INSERT INTO oidc_identities (issuer, subject, user_id) VALUES ($1, $2, $3)', [
        identity.issuer,
        identity.subject,
        userId,
      ]);
      return userId;
    });
  }

  /**
   * A new user (without a password for OpenID Connect sign-ins) owning a new Free organization,
   * inside the caller's transaction. CONFLICT when the email is taken.
   */
  private async createOwner(
    client: PoolClient,
    email: string,
    passwordHash: string | null,
    organizationName: string,
  ): Promise<Membership> {
    const user = await client.query<{ id: string }>(
      'INSERT INTO users (email, password_hash) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING RETURNING id',
      [email, passwordHash],
    );
    if (user.rowCount === 0) throw new AppError('CONFLICT', 'an account with this email exists already');
    const organization = await client.query<{ id: string }>(
      'INSERT INTO organizations (name) VALUES ($1) RETURNING id',
      [organizationName.slice(0, 100)],
    );
    const membership: Membership = {
      userId: user.rows[0]!.id,
      organizationId: organization.rows[0]!.id,
      role: 'owner',
    };
    await client.query("INSERT INTO memberships (organization_id, user_id, role) VALUES ($1, $2, 'owner')", [
      membership.organizationId,
      membership.userId,
    ]);
    return membership;
  }
}
