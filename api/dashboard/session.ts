/**
 * The signed-in session. The access token lives in memory only: never in localStorage or a
 * readable cookie, so nothing stored outlives the tab for a script to find. The refresh token is
 * never seen by the page at all: sign-in, sign-up and refresh set it as the API's HttpOnly
 * `sa_refresh` cookie (path /v1/auth, SameSite=Strict), and `refreshSession` trades it, after a
 * reload or an expired access token, by echoing the readable `sa_csrf` cookie in `X-CSRF-Token`.
 */
import { type ApiSchema, createApiClient } from '../client';

type TokenPair = ApiSchema<'TokenPair'>;

/** The cookie the API sets for the CSRF check of a refresh by cookie (readable by design; api/auth/browser-session.ts). */
const CSRF_COOKIE = 'sa_csrf';

let accessToken: string | undefined;

/** The typed client every call goes through: the Authorization header is added here, once. */
export const client = createApiClient(location.origin, { credentials: 'same-origin' });
client.use({
  onRequest({ request }) {
    if (accessToken && !request.headers.has('Authorization')) {
      request.headers.set('Authorization', `Bearer ${accessToken}`);
    }
    return request;
  },
});

/** Whether an access token is held. */
export function signedIn(): boolean {
  return accessToken !== undefined;
}

/** Keeps a new token pair (sign-in, sign-up, refresh). */
export function keepTokens(pair: TokenPair): void {
  // The pair's refresh_token is left alone: the cookie the same answer set carries it.
  accessToken = pair.access_token;
}

/** Forgets the session in this tab. */
export function forgetTokens(): void {
  accessToken = undefined;
}

function readCookie(name: string): string | undefined {
  const entry = document.cookie.split('; ').find((part) => part.startsWith(`${name}=`));
  return entry === undefined ? undefined : decodeURIComponent(entry.slice(name.length + 1));
}

let refreshing: Promise<boolean> | undefined;

/**
 * Trades the refresh cookie for a new pair; resolves false when there is no session to refresh.
 * Concurrent callers share one call: a refresh token is good once, and a second use would end the
 * session (REFRESH_TOKEN_REUSED).
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const csrf = readCookie(CSRF_COOKIE);
      // No sa_csrf cookie: no browser session (never signed in, signed out, or expired).
      if (!csrf) return false;
      // No body token: the sa_refresh cookie carries it, and X-CSRF-Token proves this page sent it.
      const { data } = await client.POST('/v1/auth/refresh', {
        body: {},
        params: { header: { 'x-csrf-token': csrf } },
      });
      if (!data) {
        forgetTokens();
        return false;
      }
      keepTokens(data);
      return true;
    } catch {
      return false;
    } finally {
      refreshing = undefined;
    }
  })();
  return refreshing;
}
