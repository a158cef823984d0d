/** Why a sign-in with the provider came back to sign-in (`#/sign-in?error=<code>`), in words: pure, tested. */

/** The messages by the API's stable codes (api/auth/oidc/browser-failure.ts). */
const MESSAGES: Record<string, string> = {
  cancelled:
    'Sign-in with your identity provider was cancelled. Try again, or sign in with your email and password.',
  expired: 'That sign-in took too long or was already used. Please start again.',
  email_not_verified:
    'Your identity provider did not confirm your email address, so it cannot sign you in here. Confirm it there, or sign in with your email and password.',
  account_exists: 'An account with this email already exists. Sign in with your email and password.',
  failed: 'Sign-in with your identity provider did not work. Please try again.',
};

/**
 * The message for the `error` of a sign-in page's hash (`#/sign-in?error=cancelled`): undefined
 * without one; an unknown code reads as the general failure, never as the code itself (a link
 * chooses it, so the page shows only its own words).
 */
export function signInErrorMessage(hash: string): string | undefined {
  const search = hash.split('?', 2)[1];
  const code = search === undefined ? null : new URLSearchParams(search).get('error');
  if (code === null) return undefined;
  return Object.hasOwn(MESSAGES, code) ? MESSAGES[code] : MESSAGES.failed;
}
