// A real OpenID Connect provider for the tests (oidc-provider is ESM-only, so it runs in its own
// node process). One confidential client, PKCE required, the development login and consent pages.
// Whatever login is typed is the account: the login is its subject and its email, which is verified
// unless the login starts with "unverified".
//   OIDC_TEST_CLIENT_ID, OIDC_TEST_CLIENT_SECRET, OIDC_TEST_REDIRECT_URI set the client.
//   OIDC_TEST_PORT, when set, is the port (to start again where a stopped one was).
// Prints `running <issuer>` once it listens on a loopback port.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const { OIDC_TEST_CLIENT_ID, OIDC_TEST_CLIENT_SECRET, OIDC_TEST_REDIRECT_URI, OIDC_TEST_PORT } = process.env;

const server = createServer();
await new Promise((resolve) => server.listen(Number(OIDC_TEST_PORT ?? 0), '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: OIDC_TEST_CLIENT_ID,
      client_secret: OIDC_TEST_CLIENT_SECRET,
      redirect_uris: [OIDC_TEST_REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  pkce: { required: () => true },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // The development login form makes whatever is typed the account id, which is the subject.
  findAccount: (_ctx, login) => ({
    accountId: login,
    claims: () => ({
      sub: login,
      email: login,
      email_verified: !login.startsWith('unverified'),
      name: `Test ${login.split('@')[0]}`,
    }),
  }),
  cookies: { keys: ['oidc-test-cookie-key'] },
  features: { devInteractions: { enabled: true } },
});
server.on('request', provider.callback());
process.on('SIGTERM', () => server.close(() => process.exit(0)));
console.log(`running ${issuer}`);
