import { AppError } from '../../../platform/errors';
import { browserReturnTo } from './return-to';

/**
 * Why a browser sign-in went back to the sign-in page, as the dashboard reads it from
 * `#/sign-in?error=<code>`: a short list, stable, and never the provider's own words (a URL
 * carries them into history and logs, and a page must not show text a link can choose).
 */
export const BROWSER_SIGN_IN_ERRORS = [
  /** The person cancelled or declined at the provider (its `access_denied`). */
  'cancelled',
  /** The attempt is unknown, older than 10 minutes, used already, or another browser's. */
  'expired',
  /** The provider did not assert a verified email. */
  'email_not_verified',
  /** A password account has this email: sign in with the password. */
  'account_exists',
  /** Anything else the provider or the API refused. */
  'failed',
] as const;
export type BrowserSignInError = (typeof BROWSER_SIGN_IN_ERRORS)[number];

/**
 * The stable code a failed browser sign-in is sent back with; undefined for a failure that stays
 * a JSON error: a server error, or a provider that could not be reached (logged as 5xx, and its
 * attempt is kept so that loading the same callback again retries it).
 */
export function browserSignInError(error: unknown): BrowserSignInError | undefined {
  if (!(error instanceof AppError) || error.status >= 500) return undefined;
  switch (error.code) {
    case 'OIDC_STATE_INVALID':
      return 'expired';
    case 'OIDC_EMAIL_NOT_VERIFIED':
      return 'email_not_verified';
    case 'CONFLICT':
      return 'account_exists';
    case 'OIDC_SIGN_IN_FAILED':
      return error.details?.error === 'access_denied' ? 'cancelled' : 'failed';
    default:
      return 'failed';
  }
}

/**
 * The sign-in page of the dashboard at `returnTo` with the failure's code; undefined when
 * `returnTo` is not an allowed page (a cookie may be forged: it is checked as `return_to` is).
 */
export function signInPageFor(returnTo: string | undefined, error: BrowserSignInError): string | undefined {
  try {
    const page = browserReturnTo(returnTo);
    return page === undefined ? undefined : `${page}#/sign-in?error=${error}`;
  } catch {
    return undefined;
  }
}
