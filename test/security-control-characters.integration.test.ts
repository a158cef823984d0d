import { type RunningApp, callApi, setPlan, signUp, startApp } from './support/app';

/**
 * Issue 16, finding 9 (part): a NUL byte in a channel title or an API key name answered 500 (the
 * database refuses NUL in text). Every stored name refuses control characters with a 400.
 */
describe('security: control characters in stored text', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ ROLES: 'api' });
  });
  afterAll(() => app?.stop());

  const refused = { error: { code: 'VALIDATION_FAILED' } };

  it.each(['nul\u0000byte', 'line\nbreak', 'escape\u001b[31m', 'c1\u0085next'])(
    'refuses %j as a channel title, an API key name and an organization name with 400 VALIDATION_FAILED',
    async (name) => {
      const account = await signUp(app);
      await setPlan(app, account.organizationId, 'enterprise');
      const title = await callApi(app, 'POST', '/v1/channels', {
        token: account.token,
        body: { channel: 'telegram:-1001234567', title: name },
      });
      expect({ status: title.status, body: title.body }).toMatchObject({ status: 400, body: refused });
      const key = await callApi(app, 'POST', '/v1/api-keys', {
        token: account.token,
        body: { name, role: 'viewer' },
      });
      expect({ status: key.status, body: key.body }).toMatchObject({ status: 400, body: refused });
      const organization = await callApi(app, 'POST', '/v1/auth/signup', {
        body: {
          email: `cc-${Date.now()}-${Math.random()}@example.com`,
          password: 'long enough password',
          organization_name: name,
        },
      });
      expect({ status: organization.status, body: organization.body }).toMatchObject({
        status: 400,
        body: refused,
      });
    },
  );

  it('still stores ordinary names, emoji and other scripts included', async () => {
    const account = await signUp(app);
    const { status, body } = await callApi(app, 'POST', '/v1/channels', {
      token: account.token,
      body: { channel: 'telegram:-1009876543', title: 'Новости 📈 café' },
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({ title: 'Новости 📈 café' });
  });
});
