/**
 * The signed-in session, kept in memory only: the access token never touches localStorage or a
 * readable cookie, so a script injected into the page cannot read a stored copy after the fact,
 * and closing the tab forgets it. After a reload the session comes back through `refreshSession`.
 */
import { type ApiSchema, createApiClient } from '../client';

type TokenPair = ApiSchema<'TokenPair'>;

/** The cookie the API sets for the CSRF check of cookie-authenticated calls (readable by design). */
const CSRF_COOKIE = 'sa_csrf';
/** The header that echoes it back. */
const CSRF_HEADER = 'X-CSRF-Token';

let accessToken: string | undefined;
/** Kept only until the API sets the refresh token as an HttpOnly cookie; then it stays undefined. */
let refreshToken: string | undefined;
let organizationId: string | undefined;

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

/** The access token, for the live stream's own request. */
export function currentAccessToken(): string | undefined {
  return accessToken;
}

/** Keeps a new token pair (sign-in, sign-up, refresh). */
export function keepTokens(pair: TokenPair): void {
  accessToken = pair.access_token;
  // A cookie-based API may stop answering the refresh token in the body; keep the last one if so.
  if (pair.refresh_token) refreshToken = pair.refresh_token;
  organizationId = pair.organization_id;
}

/** Forgets the session in this tab. */
export function forgetTokens(): void {
  accessToken = undefined;
  refreshToken = undefined;
  organizationId = undefined;
}

/** The organization the session is in. */
export function currentOrganization(): string | undefined {
  return organizationId;
}

function readCookie(name: string): string | undefined {
  const entry = document.cookie.split('; ').find((part) => part.startsWith(`${name}=`));
  return entry === undefined ? undefined : decodeURIComponent(entry.slice(name.length + 1));
}

let refreshing: Promise<boolean> | undefined;

/**
 * Trades the refresh token for a new pair; resolves false when the session is over. Concurrent
 * callers share one call: a refresh token is good once, and a second use would end the session.
 * The one function to change when the refresh token moves into an HttpOnly cookie.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const csrf = readCookie(CSRF_COOKIE);
      if (!refreshToken && !csrf) return false;
      const { data } = await client.POST('/v1/auth/refresh', {
        body: { refresh_token: refreshToken ?? '' },
        credentials: 'include',
        headers: csrf ? { [CSRF_HEADER]: csrf } : {},
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
