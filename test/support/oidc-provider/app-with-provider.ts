import { createServer } from 'node:net';
import { type RunningApp, startApp } from '../app';
import { type RunningProvider, type TestClient, startProvider } from './start-provider';

/** The API signing in with a local OpenID Connect provider of its own. */
export interface AppWithProvider {
  /** The provider's one client: the API, its callback URL on the API's port. */
  client: TestClient;
  provider: RunningProvider;
  /** The api role, its OIDC settings those of `client`, the provider named "Example ID". */
  app: RunningApp;
}

/** A port free right now: the API's callback URL must be registered before the API starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts a provider whose client `clientId` calls back to an API, then that API on the port the
 * callback names. The caller stops both (`app.stop()`, `provider.stop()`).
 */
export async function startAppWithProvider(clientId: string): Promise<AppWithProvider> {
  const port = await freePort();
  const client: TestClient = {
    clientId,
    clientSecret: 'a test client secret of some length',
    redirectUri: `http://127.0.0.1:${port}/v1/auth/oidc/callback`,
  };
  const provider = await startProvider(client);
  try {
    const app = await startApp({
      ROLES: 'api',
      HTTP_PORT: String(port),
      OIDC_ISSUER_URL: provider.issuer,
      OIDC_CLIENT_ID: client.clientId,
      OIDC_CLIENT_SECRET: client.clientSecret,
      OIDC_REDIRECT_URI: client.redirectUri,
      OIDC_PROVIDER_NAME: 'Example ID',
    });
    return { client, provider, app };
  } catch (error) {
    await provider.stop();
    throw error;
  }
}
