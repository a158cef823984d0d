import type { Request } from 'express';
import { AppError, type ErrorCode } from '../../platform/errors';
import { clientAddress } from '../http/rate-limit';
import type { AccessClaims, AccessTokens } from './access-tokens';
import type { ApiKeys } from './api-keys';
import type { FailedAttempts } from './failed-attempts';
import type { MembershipRoles } from './membership-roles';
import type { Role } from './permissions';
import type { Sessions } from './sessions';

/** Who is calling: a signed-in user or an API key, always within exactly one organization. */
export type Principal =
  | { kind: 'user'; userId: string; organizationId: string; role: Role; sessionId: string }
  | { kind: 'api_key'; keyId: string; organizationId: string; role: Role };

/** A signed-in user's principal: one with a user id and a session. */
export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

/**
 * The caller as a signed-in user, for what only a user can do; an API key (no user, no session,
 * no password) is refused with `code` and `message`, which say what to do instead.
 */
export function requireUser(principal: Principal, code: ErrorCode, message: string): UserPrincipal {
  if (principal.kind !== 'user') throw new AppError(code, message);
  return principal;
}

export interface Authenticator {
  tokens: AccessTokens;
  sessions: Sessions;
  apiKeys: ApiKeys;
  roles: MembershipRoles;
  failures: FailedAttempts;
}

/**
 * Reads the caller from `Authorization: Bearer <access token>` or `X-API-Key: <key>`. An access
 * token must belong to a session that has not ended and that records the token's user and
 * organization; the role is the session's, read again from the membership after a change, never
 * the token's. Failed attempts count against the client address (see `FailedAttempts`).
 */
export async function authenticate(auth: Authenticator, req: Request): Promise<Principal> {
  const apiKey = req.header('x-api-key');
  if (apiKey !== undefined) return apiKeyPrincipal(auth, apiKey, clientAddress(req));
  const header = req.header('authorization');
  const match = header === undefined ? null : /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
  if (!match)
    throw new AppError(
      'UNAUTHORIZED',
      'send an access token (Authorization: Bearer) or an API key (X-API-Key)',
    );
  try {
    return await userPrincipal(auth, await auth.tokens.verify(match[1]!));
  } catch (error) {
    // An expired token is the normal end of a good one (the client refreshes): not a failure.
    if (error instanceof AppError && error.code === 'TOKEN_INVALID')
      await auth.failures.failed(clientAddress(req));
    throw error;
  }
}

async function apiKeyPrincipal(auth: Authenticator, key: string, address: string): Promise<Principal> {
  // Checked first: a blocked address costs no PostgreSQL query.
  await auth.failures.refuseIfBlocked(address);
  try {
    return { kind: 'api_key', ...(await auth.apiKeys.authenticate(key)) };
  } catch (error) {
    if (error instanceof AppError && (error.code === 'TOKEN_INVALID' || error.code === 'TOKEN_EXPIRED'))
      await auth.failures.failed(address);
    throw error;
  }
}

async function userPrincipal(auth: Authenticator, claims: AccessClaims): Promise<Principal> {
  const { userId, organizationId, sessionId } = claims;
  let live;
  try {
    live = await auth.sessions.live(sessionId, claims);
  } catch (error) {
    auth.tokens.forgetSession(sessionId);
    throw error;
  }
  let role = live.record.role;
  if (live.stale || role === undefined) {
    const current = await auth.roles.current(organizationId, userId);
    if (!current) {
      await auth.sessions.revokeSessionsInOrganization(userId, organizationId);
      auth.tokens.forgetSession(sessionId);
      throw new AppError('TOKEN_INVALID', 'the account is no longer a member of this organization');
    }
    role = current.role;
    await auth.sessions.rebind(sessionId, { ...live.record, role, roleVersion: current.version });
  }
  return { kind: 'user', userId, organizationId, role, sessionId };
}
