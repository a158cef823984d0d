import type { Request, Response } from 'express';
import { z } from 'zod';
import { clientAddress } from '../http/rate-limit';
import { type ApiRoute, route } from '../http/route';
import { storedName } from '../http/stored-text';
import type { AccessTokens } from './access-tokens';
import type { Accounts, Membership } from './accounts';
import {
  type BrowserCookieSettings,
  CSRF_COOKIE,
  REFRESH_COOKIE,
  clearBrowserSession,
  setBrowserSession,
} from './browser-session';
import type { MembershipRoles } from './membership-roles';
import { requireUser } from './principal';
import type { OidcSignIn } from './oidc/oidc-sign-in';
import { oidcRoutes } from './oidc/routes';
import { ROLES } from './permissions';
import { refreshRoute } from './refresh-route';
import type { IssuedRefresh, Sessions } from './sessions';
import type { SignInLimiter } from './sign-in-limiter';

export interface AuthRoutesDeps {
  accounts: Accounts;
  tokens: AccessTokens;
  sessions: Sessions;
  roles: MembershipRoles;
  /** Failed password sign-ins per account and per address, with backoff. */
  limiter: SignInLimiter;
  /** Sign-in with OpenID Connect; undefined when it is not configured. */
  oidc?: OidcSignIn;
  /** How sign-up, sign-in and refresh set the browser's session cookies (browser-session.ts). */
  browser: BrowserCookieSettings;
}

const email = z
  .email()
  .max(254)
  .transform((value) => value.toLowerCase());
const password = z.string().min(10, 'at least 10 characters').max(200);
const NO_SESSION = 'API keys have no session; revoke the key instead';

export const TokenPair = z
  .object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().describe('Seconds until the access token expires.'),
    refresh_token: z.string().describe('Good for one use within 24 hours; each refresh returns the next.'),
    organization_id: z.uuid(),
    role: z.enum(ROLES),
  })
  .meta({ id: 'TokenPair' });

const Caller = z
  .object({
    kind: z.enum(['user', 'api_key']),
    user_id: z.uuid().nullable(),
    api_key_id: z.uuid().nullable(),
    organization_id: z.uuid(),
    role: z.enum(ROLES),
  })
  .meta({ id: 'Caller' });

/** The token pair of a session of `membership` (a new one, or the next of a refreshed one). */
export async function tokenPair(
  tokens: AccessTokens,
  membership: Membership,
  session: IssuedRefresh,
): Promise<z.infer<typeof TokenPair>> {
  return {
    access_token: await tokens.issue({ ...membership, sessionId: session.sessionId }),
    token_type: 'Bearer' as const,
    expires_in: tokens.ttlSeconds,
    refresh_token: session.refreshToken,
    organization_id: membership.organizationId,
    role: membership.role,
  };
}

/** Sign-up, sign-in (password or OpenID Connect), refresh, sign-out and "who am I". */
export function authRoutes(deps: AuthRoutesDeps): ApiRoute[] {
  const tokensFor = (membership: Membership, session: IssuedRefresh) =>
    tokenPair(deps.tokens, membership, session);
  /** A new session's tokens, its refresh token also set in the browser's cookies. */
  const startSession = async (membership: Membership, req: Request, res: Response) => {
    const pair = await tokensFor(membership, await deps.sessions.start(membership));
    setBrowserSession(req, res, pair.refresh_token, deps.browser);
    return pair;
  };
  const cookies = `the browser session cookies ${REFRESH_COOKIE} and ${CSRF_COOKIE}`;
  const setsCookies = `Also sets ${cookies} (see refreshTokens).`;
  return [
    route({
      id: 'signUp',
      method: 'post',
      path: '/v1/auth/signup',
      summary: 'Create an account and its organization (Free plan); you are its owner',
      tag: 'auth',
      access: 'public',
      status: 201,
      description: setsCookies,
      body: z.object({ email, password, organization_name: storedName(100) }).strict(),
      response: TokenPair,
      handle: async ({ body, req, res }) => {
        res.set('Cache-Control', 'no-store');
        const membership = await deps.accounts.signUp(body.email, body.password, body.organization_name);
        return startSession(membership, req, res);
      },
    }),
    route({
      id: 'signIn',
      method: 'post',
      path: '/v1/auth/login',
      summary: 'Sign in with email and password, into one of your organizations',
      tag: 'auth',
      access: 'public',
      description: setsCookies,
      body: z.object({ email, password: z.string().max(200), organization_id: z.uuid().optional() }).strict(),
      response: TokenPair,
      otherResponses: { 403: 'The account is not a member of that organization (or of any)' },
      handle: async ({ body, req, res }) => {
        res.set('Cache-Control', 'no-store');
        const membership = await deps.limiter.guard(body.email, clientAddress(req), () =>
          deps.accounts.signIn(body.email, body.password, body.organization_id),
        );
        return startSession(membership, req, res);
      },
    }),
    refreshRoute({ ...deps, tokensFor, response: TokenPair }),
    route({
      id: 'signOut',
      method: 'post',
      path: '/v1/auth/logout',
      summary: 'End this session: its access and refresh tokens stop working',
      description: `Also expires ${cookies}.`,
      tag: 'auth',
      access: 'signed-in',
      status: 204,
      handle: async ({ principal, req, res }) => {
        const { sessionId } = requireUser(principal, 'BAD_REQUEST', NO_SESSION);
        await deps.sessions.revoke(sessionId);
        deps.tokens.forgetSession(sessionId);
        clearBrowserSession(req, res, deps.browser);
        return undefined;
      },
    }),
    route({
      id: 'signOutEverywhere',
      method: 'post',
      path: '/v1/auth/logout-all',
      summary:
        'End every session of your account, on every device: their access and refresh tokens stop working',
      tag: 'auth',
      description: `Also expires ${cookies}.`,
      access: 'signed-in',
      status: 204,
      handle: async ({ principal, req, res }) => {
        await deps.sessions.revokeAllSessionsOfUser(requireUser(principal, 'BAD_REQUEST', NO_SESSION).userId);
        clearBrowserSession(req, res, deps.browser);
        return undefined;
      },
    }),
    route({
      id: 'whoAmI',
      method: 'get',
      path: '/v1/me',
      summary: 'The caller: user or API key, organization and role',
      tag: 'auth',
      access: 'signed-in',
      response: Caller,
      handle: async ({ principal }) => ({
        kind: principal.kind,
        user_id: principal.kind === 'user' ? principal.userId : null,
        api_key_id: principal.kind === 'api_key' ? principal.keyId : null,
        organization_id: principal.organizationId,
        role: principal.role,
      }),
    }),
    ...oidcRoutes({
      oidc: deps.oidc,
      response: TokenPair,
      browser: deps.browser,
      signIn: async (identity) => {
        const membership = await deps.accounts.signInWithOidc(identity);
        return tokensFor(membership, await deps.sessions.start(membership));
      },
    }),
  ];
}
