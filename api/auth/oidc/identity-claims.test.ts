import { identityFromClaims } from './identity-claims';

const issuer = 'https://id.example.com';

describe('identityFromClaims', () => {
  it('keeps an email the provider asserted verified, lower-cased, and the name', () => {
    expect(
      identityFromClaims(issuer, {
        sub: 'abc',
        email: 'Ann@Example.com',
        email_verified: true,
        name: ' Ann Example ',
      }),
    ).toEqual({ issuer, subject: 'abc', verifiedEmail: 'ann@example.com', name: 'Ann Example' });
    expect(
      identityFromClaims(issuer, { sub: 'abc', email: 'ann@example.com', email_verified: 'true' })
        .verifiedEmail,
    ).toBe('ann@example.com');
  });

  it.each([
    ['email_verified false', { email: 'ann@example.com', email_verified: false }],
    ['no email_verified', { email: 'ann@example.com' }],
    ['no email', { email_verified: true }],
    ['an email that is no address', { email: 'not an address', email_verified: true }],
  ])('has no verified email with %s', (_, claims) => {
    expect(identityFromClaims(issuer, { sub: 'abc', ...claims })).toEqual({ issuer, subject: 'abc' });
  });
});
