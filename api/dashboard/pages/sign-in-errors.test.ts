import { BROWSER_SIGN_IN_ERRORS } from '../../auth/oidc/browser-failure';
import { signInErrorMessage } from './sign-in-errors';

describe('the sign-in page’s message for a failed sign-in with the provider', () => {
  it('is nothing without an error', () => {
    expect(signInErrorMessage('#/sign-in')).toBeUndefined();
    expect(signInErrorMessage('#/sign-in?other=1')).toBeUndefined();
  });

  it('says what happened for each code the API sends, each in its own words', () => {
    const messages = BROWSER_SIGN_IN_ERRORS.map((code) => signInErrorMessage(`#/sign-in?error=${code}`));
    expect(new Set(messages).size).toBe(BROWSER_SIGN_IN_ERRORS.length);
    expect(signInErrorMessage('#/sign-in?error=cancelled')).toMatch(/was cancelled/);
    expect(signInErrorMessage('#/sign-in?error=expired')).toMatch(/took too long or was already used/);
  });

  it('reads an unknown code as the general failure, never showing what the link says', () => {
    const failed = signInErrorMessage('#/sign-in?error=failed');
    expect(signInErrorMessage('#/sign-in?error=Your+account+is+locked,+call+555')).toBe(failed);
    expect(signInErrorMessage('#/sign-in?error=toString')).toBe(failed);
  });
});
