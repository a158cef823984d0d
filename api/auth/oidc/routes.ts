import { z } from 'zod';
import { AppError } from '../../../platform/errors';
import { type ApiRoute, route } from '../../http/route';
import { type BrowserCookieSettings, setBrowserSession } from '../browser-session';
import { BROWSER_SIGN_IN_ERRORS, browserSignInError, signInPageFor } from './browser-failure';
import type { OidcIdentity } from './identity-claims';
import type { OidcSignIn } from './oidc-sign-in';
import { BROWSER_RETURN_PATHS, browserReturnTo } from './return-to';

export interface OidcRoutesDeps<T extends { refresh_token: string }> {
  /** Undefined when OIDC_ISSUER_URL is not set: both routes answer OIDC_NOT_CONFIGURED. */
  oidc?: OidcSignIn;
  /** Signs the identity in (finding, linking or creating its account); the callback's answer. */
  signIn: (identity: OidcIdentity) => Promise<T>;
  /** The schema of what `signIn` answers. */
  response: z.ZodType<T>;
  /** How a browser sign-in (started with `return_to`) sets the session cookies, as password sign-in. */
  browser: BrowserCookieSettings;
}

const ProviderInfo = z
  .object({
    enabled: z.boolean().describe('Whether sign-in with an OpenID Connect provider is configured.'),
    provider_name: z.string().nullable().describe('The name for a "Sign in with …" button; null when off.'),
    start_url: z
      .string()
      .nullable()
      .describe('Where a page sends the browser to sign in and come back to the dashboard; null when off.'),
  })
  .meta({ id: 'OidcProvider' });

const StartQuery = z.object({
  return_to: z
    .string()
    .max(200)
    .optional()
    .describe(
      `A browser sign-in: the callback sets the session cookies and redirects (303) here, or, when the sign-in fails, to this page's sign-in (\`#/sign-in?error=<code>\`). Only ${BROWSER_RETURN_PATHS.join(', ')} ` +
        '(else 400 OIDC_RETURN_TO_INVALID); without it the callback answers the tokens, and its errors, as JSON.',
    ),
});

const StartedSignIn = z
  .object({
    authorization_url: z.url().describe("The provider's authorization URL; send the browser there."),
    state: z.string().describe('Carried back to the callback; a front end that forwards it should check it.'),
    binding: z
      .string()
      .describe(
        'Send it back with the callback (header X-OIDC-Binding): it proves the callback comes from the browser that started. Also set as an HttpOnly cookie.',
      ),
    expires_in: z.number().int().describe('Seconds left to complete the sign-in at the provider.'),
  })
  .meta({ id: 'StartedSignIn' });

// Providers add parameters of their own (iss, session_state, scope...): passed on as they are.
/** The cookie that binds a sign-in to the browser that started it (browsers send it back on the redirect). */
const BINDING_COOKIE = 'sa_oidc_binding';
const COOKIE_PATH = '/v1/auth/oidc';
/** The binding sent as a header instead (lower case, as Node names incoming headers). */
const BINDING_HEADER = 'x-oidc-binding';
/**
 * The page this browser's last sign-in started from (`return_to`): where a failed callback sends
 * it back when the attempt itself is gone (expired, used, forged). It outlives the attempt, which
 * lasts 10 minutes; a start without `return_to` clears it, so an API client keeps its JSON errors.
 */
const RETURN_COOKIE = 'sa_oidc_return';
const RETURN_COOKIE_MAX_AGE_MS = 24 * 3600 * 1000;

const CallbackQuery = z
  .object({
    state: z.string().min(1).max(512),
    code: z.string().max(4096).optional(),
    error: z.string().max(256).optional(),
    error_description: z.string().max(1024).optional(),
  })
  .catchall(z.string().max(4096));

const ReturnCookie = z.object({
  [RETURN_COOKIE]: z
    .string()
    .optional()
    .describe("Set by a start with return_to: a failed callback's 303 goes to that page's sign-in."),
});
/** The binding a callback carries: the browser's cookie, or the header a front end sends. */
const BindingCookie = ReturnCookie.extend({
  [BINDING_COOKIE]: z.string().optional().describe('Set by the start route; read unless the header is sent.'),
});
const BindingHeader = z.object({
  [BINDING_HEADER]: z
    .string()
    .optional()
    .describe("The start route's JSON `binding`, from a front end that navigates itself."),
});

/**
 * Sign-in with OpenID Connect: `start` sends the browser to the provider, the provider sends it
 * back to `callback`, which answers what `signIn` does with the verified identity.
 */
export function oidcRoutes<T extends { refresh_token: string }>(deps: OidcRoutesDeps<T>): ApiRoute[] {
  const configured = (): OidcSignIn => {
    if (deps.oidc) return deps.oidc;
    throw new AppError('OIDC_NOT_CONFIGURED', 'sign-in with OpenID Connect is not configured');
  };
  return [
    route({
      id: 'getOidcProvider',
      method: 'get',
      path: '/v1/auth/oidc/provider',
      summary: 'Whether sign-in with an OpenID Connect provider is on, and its name (for a sign-in page)',
      tag: 'auth',
      access: 'public',
      response: ProviderInfo,
      handle: () =>
        Promise.resolve(
          deps.oidc
            ? {
                enabled: true,
                provider_name: deps.oidc.providerName,
                start_url: `/v1/auth/oidc/start?return_to=${encodeURIComponent(BROWSER_RETURN_PATHS[0]!)}`,
              }
            : { enabled: false, provider_name: null, start_url: null },
        ),
    }),
    route({
      id: 'startOidcSignIn',
      method: 'get',
      path: '/v1/auth/oidc/start',
      summary:
        "Start signing in with the OpenID Connect provider: 302 to the provider's authorization URL, " +
        'or that URL as JSON when the request accepts only application/json',
      tag: 'auth',
      access: 'public',
      query: StartQuery,
      cookies: ReturnCookie,
      response: StartedSignIn,
      otherResponses: {
        302: "To the provider's authorization URL (Location), with the binding cookie set",
        400: 'OIDC_RETURN_TO_INVALID',
        404: 'OIDC_NOT_CONFIGURED',
        503: 'OIDC_PROVIDER_UNAVAILABLE',
      },
      handle: async ({ query, cookies, req, res }) => {
        const oidc = configured();
        // Checked before anything is stored or set: a refused return_to leaves no attempt behind.
        const returnTo = browserReturnTo(query.return_to);
        const started = await oidc.start(returnTo);
        res.set('Cache-Control', 'no-store');
        const cookie = {
          httpOnly: true,
          sameSite: 'lax', // sent on the provider's top-level redirect back, not on cross-site requests
          secure: req.secure,
          path: COOKIE_PATH,
        } as const;
        res.cookie(BINDING_COOKIE, started.binding, { ...cookie, maxAge: started.expiresInSeconds * 1000 });
        if (returnTo !== undefined)
          res.cookie(RETURN_COOKIE, returnTo, { ...cookie, maxAge: RETURN_COOKIE_MAX_AGE_MS });
        else if (cookies[RETURN_COOKIE] !== undefined) res.clearCookie(RETURN_COOKIE, { path: COOKIE_PATH });
        if (req.accepts(['text/html', 'application/json']) === 'application/json') {
          return {
            authorization_url: started.authorizationUrl,
            state: started.state,
            binding: started.binding,
            expires_in: started.expiresInSeconds,
          };
        }
        res.redirect(302, started.authorizationUrl);
        return undefined;
      },
    }),
    route({
      id: 'finishOidcSignIn',
      method: 'get',
      path: '/v1/auth/oidc/callback',
      summary:
        "The provider's redirect back (code and state, once): signs in, linking or creating the account, " +
        'and answers a token pair as sign-in does; a browser sign-in (started with return_to) gets the ' +
        'session cookies as password sign-in sets them and a 303 to its page instead',
      tag: 'auth',
      access: 'public',
      query: CallbackQuery,
      cookies: BindingCookie,
      headers: BindingHeader,
      response: deps.response,
      otherResponses: {
        303:
          'A browser sign-in: to the page it started from (Location), with the session cookies set; when it fails ' +
          `(but for a 5xx), to that page's sign-in instead, \`/#/sign-in?error=<code>\`, code one of ${BROWSER_SIGN_IN_ERRORS.join(', ')}`,
        403: 'OIDC_EMAIL_NOT_VERIFIED',
        404: 'OIDC_NOT_CONFIGURED',
        503: 'OIDC_PROVIDER_UNAVAILABLE',
      },
      handle: async ({ query, cookies, headers, req, res }) => {
        res.set('Cache-Control', 'no-store');
        const binding = headers[BINDING_HEADER] ?? cookies[BINDING_COOKIE];
        // A failed `finish` does not say whose attempt it was (it may be gone): the browser's cookie,
        // set by its last start, says whether a page started it. The attempt says so once found.
        let returnTo = cookies[RETURN_COOKIE];
        try {
          const finished = await configured().finish(query, binding);
          returnTo = finished.returnTo;
          res.clearCookie(BINDING_COOKIE, { path: COOKIE_PATH });
          const tokens = await deps.signIn(finished.identity);
          if (returnTo === undefined) return tokens;
          // Checked again: an attempt stored by another version must not redirect off the list.
          const page = browserReturnTo(returnTo)!;
          setBrowserSession(req, res, tokens.refresh_token, deps.browser);
          res.redirect(303, page);
          return undefined;
        } catch (error) {
          // An attempt given back (the provider was unreachable) needs the cookie for its retry.
          if (!(error instanceof AppError && error.code === 'OIDC_PROVIDER_UNAVAILABLE')) {
            res.clearCookie(BINDING_COOKIE, { path: COOKIE_PATH });
          }
          // A person in a browser gets the sign-in page and a sentence, not a JSON error.
          const reason = browserSignInError(error);
          const page = reason === undefined ? undefined : signInPageFor(returnTo, reason);
          if (page === undefined) throw error;
          res.redirect(303, page);
          return undefined;
        }
      },
    }),
  ];
}
