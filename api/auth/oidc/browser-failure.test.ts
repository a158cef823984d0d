import { AppError } from '../../../platform/errors';
import { browserSignInError, signInPageFor } from './browser-failure';

describe('browserSignInError', () => {
  it('names what a person can act on: cancelled, expired, unverified email, a password account', () => {
    const declined = new AppError('OIDC_SIGN_IN_FAILED', 'refused', { details: { error: 'access_denied' } });
    expect(browserSignInError(declined)).toBe('cancelled');
    expect(browserSignInError(new AppError('OIDC_STATE_INVALID', 'gone'))).toBe('expired');
    expect(browserSignInError(new AppError('OIDC_EMAIL_NOT_VERIFIED', 'no'))).toBe('email_not_verified');
    expect(browserSignInError(new AppError('CONFLICT', 'taken'))).toBe('account_exists');
  });

  it('calls any other refusal failed, never passing the provider’s words on', () => {
    const refused = new AppError('OIDC_SIGN_IN_FAILED', 'refused', { details: { error: 'invalid_grant' } });
    expect(browserSignInError(refused)).toBe('failed');
    expect(browserSignInError(new AppError('OIDC_SIGN_IN_FAILED', 'does not verify'))).toBe('failed');
    expect(browserSignInError(new AppError('FORBIDDEN', 'no'))).toBe('failed');
  });

  it('leaves server errors and an unreachable provider to the JSON answer (logged; the attempt kept for a retry)', () => {
    expect(browserSignInError(new AppError('OIDC_PROVIDER_UNAVAILABLE', 'down'))).toBeUndefined();
    expect(browserSignInError(new AppError('INTERNAL', 'bug'))).toBeUndefined();
    expect(browserSignInError(new Error('bug'))).toBeUndefined();
  });
});

describe('signInPageFor', () => {
  it("is the dashboard's sign-in with the code", () => {
    expect(signInPageFor('/', 'cancelled')).toBe('/#/sign-in?error=cancelled');
  });

  it('is undefined without a page, or for a page not on the list (a forged cookie)', () => {
    expect(signInPageFor(undefined, 'expired')).toBeUndefined();
    expect(signInPageFor('//evil.example', 'expired')).toBeUndefined();
    expect(signInPageFor('https://evil.example/', 'expired')).toBeUndefined();
  });
});
