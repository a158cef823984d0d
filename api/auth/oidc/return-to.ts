import { AppError } from '../../../platform/errors';

/**
 * The same-origin paths a sign-in started from a page may return to. A fixed list, compared as
 * exact strings: nothing a caller sends is ever put in a Location header, so no open redirect
 * (`//evil.example`, `/\evil.example`, `https://…`, encoded variants) can slip through a parser.
 */
export const BROWSER_RETURN_PATHS: readonly string[] = ['/'];

/**
 * The return path of a browser sign-in: undefined when `returnTo` is absent (an API client, which
 * gets JSON), the allowed path otherwise; OIDC_RETURN_TO_INVALID for anything not on the list.
 */
export function browserReturnTo(returnTo: string | undefined): string | undefined {
  if (returnTo === undefined) return undefined;
  const allowed = BROWSER_RETURN_PATHS.find((path) => path === returnTo);
  if (allowed === undefined) {
    throw new AppError(
      'OIDC_RETURN_TO_INVALID',
      `return_to must be one of this site's pages: ${BROWSER_RETURN_PATHS.join(', ')}`,
      { details: { allowed: [...BROWSER_RETURN_PATHS] } },
    );
  }
  return allowed;
}
