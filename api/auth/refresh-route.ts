import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../platform/errors';
import { type ApiRoute, route } from '../http/route';
import type { Membership } from './accounts';
import {
  type BrowserCookieSettings,
  CSRF_COOKIE,
  CSRF_HEADER,
  CSRF_HEADER_KEY,
  REFRESH_COOKIE,
  clearBrowserSession,
  cookieRefreshToken,
  setBrowserSession,
} from './browser-session';
import type { MembershipRoles } from './membership-roles';
import type { IssuedRefresh, Sessions } from './sessions';

export interface RefreshRouteDeps<T extends { refresh_token: string }> {
  sessions: Sessions;
  roles: MembershipRoles;
  browser: BrowserCookieSettings;
  /** The answer: the tokens of the session's next refresh token. */
  tokensFor: (membership: Membership, session: IssuedRefresh) => Promise<T>;
  /** The schema of what `tokensFor` answers. */
  response: z.ZodType<T>;
}

const refreshToken = z.string().min(20).max(200);

/**
 * `POST /v1/auth/refresh`: a refresh token, from the body (any client) or from the `sa_refresh`
 * cookie with its CSRF header (a browser), traded for the session's next tokens.
 */
export function refreshRoute<T extends { refresh_token: string }>(deps: RefreshRouteDeps<T>): ApiRoute {
  const rotate = async (token: string): Promise<T> => {
    const next = await deps.sessions.rotate(token);
    const { userId, organizationId } = next;
    const current = await deps.roles.current(organizationId, userId);
    if (!current) {
      await deps.sessions.revoke(next.sessionId);
      throw new AppError('TOKEN_INVALID', 'the account is no longer a member of this organization');
    }
    // The session follows the membership as it is now, whatever it recorded before.
    await deps.sessions.rebind(next.sessionId, {
      userId,
      organizationId,
      role: current.role,
      roleVersion: current.version,
    });
    return deps.tokensFor({ userId, organizationId, role: current.role }, next);
  };
  /** A refresh by cookie: a token that no longer works takes its cookies with it. */
  const rotateCookie = async (token: string, req: Request, res: Response): Promise<T> => {
    try {
      return await rotate(token);
    } catch (error) {
      clearBrowserSession(req, res, deps.browser);
      throw error;
    }
  };
  return route({
    id: 'refreshTokens',
    method: 'post',
    path: '/v1/auth/refresh',
    summary: 'Trade a refresh token for new tokens; a refresh token used twice ends its session',
    description:
      `A browser sends \`{}\` and the refresh token in the \`${REFRESH_COOKIE}\` cookie, with header ` +
      `\`${CSRF_HEADER}\` set to the value of the \`${CSRF_COOKIE}\` cookie (else 403 CSRF_TOKEN_INVALID). ` +
      `Every success sets both cookies to the next token (${REFRESH_COOKIE}: HttpOnly, SameSite=Strict, ` +
      `Path=/v1/auth; ${CSRF_COOKIE}: SameSite=Strict, Path=/).`,
    tag: 'auth',
    access: 'public',
    body: z
      .object({
        refresh_token: refreshToken
          .optional()
          .describe(`Required unless the request carries the ${REFRESH_COOKIE} cookie.`),
      })
      .strict(),
    // The cookie is not checked here: a stray one (another app's on the host, an old
    // deployment's) must not refuse a request whose body carries the token. Read by cookie, a
    // token that is no session's is refused like any other (TOKEN_INVALID).
    cookies: z.object({
      [REFRESH_COOKIE]: z
        .string()
        .optional()
        .describe('Set by sign-up, sign-in and refresh; read when the body has no refresh_token.'),
    }),
    headers: z.object({
      [CSRF_HEADER_KEY]: z
        .string()
        .max(100)
        .optional()
        .describe(`With the ${REFRESH_COOKIE} cookie: the value of the ${CSRF_COOKIE} cookie.`),
    }),
    response: deps.response,
    otherResponses: { 403: `CSRF_TOKEN_INVALID: a refresh by cookie without a matching ${CSRF_HEADER}` },
    handle: async ({ body, cookies, headers, req, res }) => {
      res.set('Cache-Control', 'no-store');
      const pair =
        body.refresh_token === undefined
          ? await rotateCookie(
              cookieRefreshToken(cookies[REFRESH_COOKIE], headers[CSRF_HEADER_KEY]),
              req,
              res,
            )
          : await rotate(body.refresh_token);
      setBrowserSession(req, res, pair.refresh_token, deps.browser);
      return pair;
    },
  });
}
