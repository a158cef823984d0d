import type { Request } from 'express';
import { AppError } from '../../platform/errors';
import type { AccessTokens } from './access-tokens';
import type { ApiKeys } from './api-keys';
import type { Role } from './permissions';
import type { Sessions } from './sessions';

/** Who is calling: a signed-in user or an API key, always within exactly one organization. */
export type Principal =
  | { kind: 'user'; userId: string; organizationId: string; role: Role; sessionId: string }
  | { kind: 'api_key'; keyId: string; organizationId: string; role: Role };

export interface Authenticator {
  tokens: AccessTokens;
  sessions: Sessions;
  apiKeys: ApiKeys;
}

/**
 * Reads the caller from `Authorization: Bearer <access token>` or `X-API-Key: <key>`. An access
 * token must also belong to a session that has not ended (logout and refresh-token reuse end it).
 */
export async function authenticate(auth: Authenticator, req: Request): Promise<Principal> {
  const apiKey = req.header('x-api-key');
  if (apiKey !== undefined) return { kind: 'api_key', ...(await auth.apiKeys.authenticate(apiKey)) };
  const header = req.header('authorization');
  const match = header === undefined ? null : /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
  if (!match)
    throw new AppError(
      'UNAUTHORIZED',
      'send an access token (Authorization: Bearer) or an API key (X-API-Key)',
    );
  const claims = await auth.tokens.verify(match[1]!);
  if (!(await auth.sessions.isActive(claims.sessionId))) {
    auth.tokens.forgetSession(claims.sessionId);
    throw new AppError('TOKEN_INVALID', 'the session of this access token has ended');
  }
  return { kind: 'user', ...claims };
}
