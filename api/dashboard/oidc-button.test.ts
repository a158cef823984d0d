import { oidcSignInLink } from './oidc-button';

describe('the "Sign in with …" link', () => {
  it('links to the start route with the provider name when OIDC is on', () => {
    expect(
      oidcSignInLink({
        enabled: true,
        provider_name: 'Example ID',
        start_url: '/v1/auth/oidc/start?return_to=%2F',
      }),
    ).toEqual({ href: '/v1/auth/oidc/start?return_to=%2F', label: 'Sign in with Example ID' });
  });

  it('shows nothing when OIDC is off or the answer is missing', () => {
    expect(oidcSignInLink({ enabled: false, provider_name: null, start_url: null })).toBeUndefined();
    expect(oidcSignInLink(undefined)).toBeUndefined();
  });

  it('never links anywhere but the API’s own start route', () => {
    for (const start_url of [
      'https://evil.example/v1/auth/oidc/start?',
      '//evil.example/',
      'javascript:alert(1)',
    ]) {
      expect(oidcSignInLink({ enabled: true, provider_name: 'X', start_url })).toBeUndefined();
    }
  });
});
