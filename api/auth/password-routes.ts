import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Mailer } from '../../platform/clients/mail';
import type { Logger } from '../../platform/logger';
import { clientAddress } from '../http/rate-limit';
import { type ApiRoute, route } from '../http/route';
import { passwordResetMail } from './account-mail';
import { type PasswordAccounts, RESET_TTL_MINUTES } from './password-accounts';
import { requireUser } from './principal';
import type { Sessions } from './sessions';
import type { SignInLimiter } from './sign-in-limiter';

export interface PasswordRoutesDeps {
  passwords: PasswordAccounts;
  sessions: Sessions;
  limiter: SignInLimiter;
  mailer: Mailer;
  /** Where the links in mail point. */
  appUrl: string;
  /** Remembers which accounts were mailed a reset in the last minute (one mail a minute each). */
  redis: Redis;
  prefix: string;
  logger: Logger;
}

const password = z.string().min(10, 'at least 10 characters').max(200);
const email = z
  .email()
  .max(254)
  .transform((value) => value.toLowerCase());
const RESET_MAIL_INTERVAL_SECONDS = 60;

/** Password change (signed in) and reset by a mailed one-time token (signed out). */
export function passwordRoutes(deps: PasswordRoutesDeps): ApiRoute[] {
  /** Sends the reset mail, at most one a minute per account; runs after the answer, so takes no time of it. */
  const mailReset = async (to: string) => {
    const mailedKey = `${deps.prefix}reset-mailed:${createHash('sha256').update(to).digest('base64url')}`;
    if ((await deps.redis.set(mailedKey, '1', 'EX', RESET_MAIL_INTERVAL_SECONDS, 'NX')) === null) return;
    const token = await deps.passwords.startReset(to);
    if (token === undefined) return;
    await deps.mailer.send(
      passwordResetMail({ appUrl: deps.appUrl, to, token, validMinutes: RESET_TTL_MINUTES }),
    );
  };
  return [
    route({
      id: 'changePassword',
      method: 'post',
      path: '/v1/auth/password',
      summary: 'Change your password (the current one is needed); every session ends, this one included',
      tag: 'auth',
      access: 'signed-in',
      body: z.object({ current_password: z.string().max(200), new_password: password }).strict(),
      status: 204,
      handle: async ({ principal, body, req }) => {
        const { userId } = requireUser(principal, 'FORBIDDEN', 'API keys have no password');
        const account = await deps.passwords.email(userId);
        // A stolen access token must not become a password oracle: wrong guesses count as failed sign-ins.
        await deps.limiter.guard(account, clientAddress(req), () =>
          deps.passwords.change(userId, body.current_password, body.new_password),
        );
        await deps.sessions.revokeAllSessionsOfUser(userId);
        return undefined;
      },
    }),
    route({
      id: 'requestPasswordReset',
      method: 'post',
      path: '/v1/auth/password-reset',
      summary:
        'Mail a one-time reset link (valid 30 minutes) to the account with this email; the same answer if there is none',
      tag: 'auth',
      access: 'public',
      body: z.object({ email }).strict(),
      status: 202,
      handle: async ({ body }) => {
        mailReset(body.email).catch((error: unknown) =>
          deps.logger.error({ err: (error as Error).message }, 'password reset mail not sent'),
        );
        return undefined;
      },
    }),
    route({
      id: 'resetPassword',
      method: 'post',
      path: '/v1/auth/password-reset/confirm',
      summary: "Set a new password with a reset link's token (once); every session of the account ends",
      tag: 'auth',
      access: 'public',
      body: z.object({ token: z.string().min(20).max(100), new_password: password }).strict(),
      status: 204,
      handle: async ({ body }) => {
        const { userId, email: account } = await deps.passwords.reset(body.token, body.new_password);
        await deps.sessions.revokeAllSessionsOfUser(userId);
        await deps.limiter.succeeded(account); // the owner proved themself: their sign-in block ends
        return undefined;
      },
    }),
  ];
}
