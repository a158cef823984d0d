import type { Pool } from 'pg';
import { AppError } from '../../platform/errors';
import { hashOneTimeToken, newOneTimeToken } from './one-time-tokens';
import { hashPassword, verifyPassword } from './passwords';

/** How long a reset link works. */
export const RESET_TTL_MINUTES = 30;

/**
 * Password changes and resets, in PostgreSQL. A reset token is spent by deleting its row, so it
 * works once; setting a password by either way spends every other reset token of the user.
 */
export class PasswordAccounts {
  constructor(private readonly postgres: Pool) {}

  /** The login email of a user, for limits and mail. */
  async email(userId: string): Promise<string> {
    const { rows } = await this.postgres.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [
      userId,
    ]);
    if (!rows[0]) throw new AppError('TOKEN_INVALID', 'the account no longer exists');
    return rows[0].email;
  }

  /**
   * Sets a new password after checking the current one: INVALID_CREDENTIALS when it is wrong or
   * the account has none (OpenID Connect only: a reset by email sets a first one).
   */
  async change(userId: string, current: string, next: string): Promise<void> {
    const { rows } = await this.postgres.query<{ password_hash: string | null }>(
      'SELECT password_hash FROM users WHERE id = $1',
      [userId],
    );
    const stored = rows[0]?.password_hash;
    if (!stored || !(await verifyPassword(current, stored))) {
      throw new AppError('INVALID_CREDENTIALS', 'the current password is wrong');
    }
    await this.setPassword(userId, await hashPassword(next));
  }

  /**
   * A reset token for the account with this email, or undefined when there is none (the caller
   * answers alike either way). Expired tokens of anyone are swept on the way.
   */
  async startReset(email: string): Promise<string | undefined> {
    const { rows } = await this.postgres.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [
      email,
    ]);
    const user = rows[0];
    if (!user) return undefined;
    await this.postgres.query('DELETE FROM password_resets WHERE expires_at < now()');
    const { token, hash } = newOneTimeToken();
    await this.postgres.query(
      `INSERT INTO password_resets (token_hash, user_id, expires_at)
       VALUES ($1, $2, now() + make_interval(mins => $3))`,
      [hash, user.id, RESET_TTL_MINUTES],
    );
    return token;
  }

  /**
   * Spends a reset token and sets the password: the user and email it was for. TOKEN_INVALID when
   * the token is unknown, used or expired (an expired one is spent too).
   */
  async reset(token: string, next: string): Promise<{ userId: string; email: string }> {
    const passwordHash = await hashPassword(next);
    const { rows } = await this.postgres.query<{ user_id: string; live: boolean; email: string }>(
      `WITH spent AS (DELETE FROM password_resets WHERE token_hash = $1 RETURNING user_id, expires_at > now() AS live)
       SELECT s.user_id, s.live, u.email FROM spent s JOIN users u ON u.id = s.user_id`,
      [hashOneTimeToken(token)],
    );
    const spent = rows[0];
    if (!spent?.live)
      throw new AppError('TOKEN_INVALID', 'the reset link is not valid: it was used or has expired');
    await this.setPassword(spent.user_id, passwordHash);
    return { userId: spent.user_id, email: spent.email };
  }

  private async setPassword(userId: string, passwordHash: string): Promise<void> {
    await this.postgres.query(
      `WITH updated AS (UPDATE users SET password_hash = $2 WHERE id = $1)
       DELETE FROM password_resets WHERE user_id = $1`,
      [userId, passwordHash],
    );
  }
}
