import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../../platform/config';
import { AppError } from '../../../platform/errors';
import { ProviderClient } from './provider-client';

describe('ProviderClient', () => {
  it('answers OIDC_PROVIDER_UNAVAILABLE while discovery fails, then discovers once the provider is up', async () => {
    let discoveries = 0;
    const server = createServer((req, res) => {
      discoveries += 1;
      const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          issuer,
          authorization_endpoint: `${issuer}/auth`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const provider = new ProviderClient({
      issuerUrl: `http://127.0.0.1:${port}`,
      clientId: 'client',
      redirectUri: 'https://app.example.com/callback',
      scopes: 'openid email',
      providerName: 'Test',
    });

    const down = await provider.get().catch((error: unknown) => error);
    expect(down).toBeInstanceOf(AppError);
    expect(down).toMatchObject({ code: 'OIDC_PROVIDER_UNAVAILABLE', retriable: true });

    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      const client = await provider.get();
      expect(client.issuer.metadata.issuer).toBe(`http://127.0.0.1:${port}`);
      expect(client.metadata).toMatchObject({ client_id: 'client', token_endpoint_auth_method: 'none' });
      expect(await provider.get()).toBe(client);
      expect(discoveries).toBe(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('OIDC configuration', () => {
  const issuer = { NODE_ENV: 'development', OIDC_ISSUER_URL: 'https://id.example.com' };

  it('is off without an issuer, and complete with one', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).oidc).toBeUndefined();
    expect(
      loadConfig({
        ...issuer,
        OIDC_CLIENT_ID: 'client',
        OIDC_CLIENT_SECRET: 'secret',
        OIDC_REDIRECT_URI: 'https://api.example.com/v1/auth/oidc/callback',
      }).oidc,
    ).toEqual({
      issuerUrl: 'https://id.example.com',
      clientId: 'client',
      clientSecret: 'secret',
      redirectUri: 'https://api.example.com/v1/auth/oidc/callback',
      scopes: 'openid email profile',
      providerName: 'id.example.com', // the issuer's host, without OIDC_PROVIDER_NAME
    });
    expect(
      loadConfig({
        ...issuer,
        OIDC_CLIENT_ID: 'client',
        OIDC_REDIRECT_URI: 'https://api.example.com/v1/auth/oidc/callback',
        OIDC_PROVIDER_NAME: 'Example ID',
      }).oidc?.providerName,
    ).toBe('Example ID');
  });

  it('refuses an issuer without a client id, a redirect URI or the openid scope', () => {
    expect(() => loadConfig({ ...issuer, OIDC_SCOPES: 'email' })).toThrow(
      /OIDC_CLIENT_ID.*OIDC_REDIRECT_URI.*OIDC_SCOPES/,
    );
  });
});
