import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { AppError } from '../../platform/errors';

/**
 * A browser's session, kept in cookies so that a page (the dashboard) never stores a refresh
 * token where its scripts can read it. Sign-up, sign-in and refresh set two cookies:
 *
 * - `sa_refresh`: the refresh token; HttpOnly, SameSite=Strict, sent only to `/v1/auth`.
 * - `sa_csrf`: a value derived from that refresh token, readable by the page (path `/`).
 *
 * A call authenticated by the `sa_refresh` cookie must carry header `X-CSRF-Token` with the
 * `sa_csrf` value (a double-submit token bound to the session): another site can make a browser
 * send the cookie, but cannot read `sa_csrf` to write the header, and a value it plants (a
 * sibling subdomain can set cookies) matches no refresh token it does not know.
 */
export const REFRESH_COOKIE = 'sa_refresh';
/** Where the browser sends `sa_refresh`: the auth routes only, never the data routes. */
export const REFRESH_COOKIE_PATH = '/v1/auth';
/** The readable cookie whose value goes in `CSRF_HEADER`. */
export const CSRF_COOKIE = 'sa_csrf';
export const CSRF_COOKIE_PATH = '/';
/** The header a cookie-authenticated call carries, with the value of the `sa_csrf` cookie. */
export const CSRF_HEADER = 'X-CSRF-Token';
/** `CSRF_HEADER` as Node spells incoming header names (lower case), for the route contracts. */
export const CSRF_HEADER_KEY = 'x-csrf-token';

/** How the cookies are set. */
export interface BrowserCookieSettings {
  /** Secure on every answer (production); otherwise only on requests that came over HTTPS. */
  alwaysSecure: boolean;
  /** Lifetime of both cookies: the refresh token's. */
  maxAgeSeconds: number;
}

/** The CSRF token of a refresh token: a one-way hash, so `sa_csrf` never reveals the token. */
export function csrfTokenFor(refreshToken: string): string {
  return createHash('sha256').update(`csrf:${refreshToken}`).digest('base64url');
}

function attributes(req: Request, settings: BrowserCookieSettings) {
  // A plain-HTTP localhost (development, tests) could not send Secure cookies back to itself.
  return { secure: settings.alwaysSecure || req.secure, sameSite: 'strict' as const };
}

/** Sets the session's cookies to `refreshToken` (after sign-up, sign-in or a refresh). */
export function setBrowserSession(
  req: Request,
  res: Response,
  refreshToken: string,
  settings: BrowserCookieSettings,
): void {
  const common = { ...attributes(req, settings), maxAge: settings.maxAgeSeconds * 1000 };
  res.cookie(REFRESH_COOKIE, refreshToken, { ...common, httpOnly: true, path: REFRESH_COOKIE_PATH });
  res.cookie(CSRF_COOKIE, csrfTokenFor(refreshToken), { ...common, httpOnly: false, path: CSRF_COOKIE_PATH });
}

/** Expires both cookies (sign-out, or a refresh token that no longer works). */
export function clearBrowserSession(req: Request, res: Response, settings: BrowserCookieSettings): void {
  const common = attributes(req, settings);
  res.clearCookie(REFRESH_COOKIE, { ...common, httpOnly: true, path: REFRESH_COOKIE_PATH });
  res.clearCookie(CSRF_COOKIE, { ...common, path: CSRF_COOKIE_PATH });
}

/**
 * The refresh token of a call authenticated by the `sa_refresh` cookie, once its CSRF header
 * matches: UNAUTHORIZED without the cookie, CSRF_TOKEN_INVALID without a matching header.
 */
export function cookieRefreshToken(cookie: string | undefined, header: string | undefined): string {
  if (cookie === undefined) {
    throw new AppError(
      'UNAUTHORIZED',
      `send refresh_token in the body, or the ${REFRESH_COOKIE} cookie with header ${CSRF_HEADER}`,
    );
  }
  if (header === undefined) {
    throw new AppError(
      'CSRF_TOKEN_INVALID',
      `a call signed in by the ${REFRESH_COOKIE} cookie needs header ${CSRF_HEADER} with the value of the ${CSRF_COOKIE} cookie`,
    );
  }
  const expected = Buffer.from(csrfTokenFor(cookie));
  const given = Buffer.from(header);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError(
      'CSRF_TOKEN_INVALID',
      `header ${CSRF_HEADER} does not match the ${CSRF_COOKIE} cookie of this session; read the cookie again`,
    );
  }
  return cookie;
}
