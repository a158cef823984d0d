import { randomBytes, randomInt } from 'node:crypto';
import { type RunningApp, type TestAccount, callApi, setPlan, signUp, startApp, code } from './support/app';
import { addSignedInMember } from './support/members';

/**
 * Issue 16, finding 4: API keys do not outlive their creator's membership or the plan, may carry an
 * expiry, and show their last use. Failed API-key and token attempts are limited per address.
 */
describe('security: API keys follow members, plans and expiry', () => {
  let app: RunningApp;
  let owner: TestAccount;
  beforeAll(async () => {
    app = await startApp({ ROLES: 'api' });
  });
  beforeEach(async () => {
    owner = await signUp(app);
    await setPlan(app, owner.organizationId, 'enterprise');
  });
  afterAll(() => app?.stop());

  const createKey = async (token: string, body: Record<string, unknown> = {}) => {
    const created = await callApi<{ id: string; key: string; expires_at: string | null }>(
      app,
      'POST',
      '/v1/api-keys',
      { token, body: { name: 'ci', role: 'admin', ...body } },
    );
    expect(created.status).toBe(201);
    return created.body;
  };

  it("revokes a removed member's keys", async () => {
    const admin = await addSignedInMember(app, owner, 'admin');
    const { key } = await createKey(admin.token);
    const ownersKey = await createKey(owner.token);
    expect((await callApi(app, 'GET', '/v1/me', { key })).status).toBe(200);
    await callApi(app, 'DELETE', `/v1/organization/members/${admin.userId}`, { token: owner.token });
    const after = await callApi(app, 'GET', '/v1/me', { key });
    expect([after.status, code(after.body)]).toEqual([401, 'TOKEN_INVALID']);
    // Keys of the members who stay keep working.
    expect((await callApi(app, 'GET', '/v1/me', { key: ownersKey.key })).status).toBe(200);
  });

  it('stops keys of an organization that fell back to a plan without keys', async () => {
    const { key } = await createKey(owner.token);
    expect((await callApi(app, 'GET', '/v1/channels', { key })).status).toBe(200);
    await setPlan(app, owner.organizationId, 'free');
    const after = await callApi(app, 'GET', '/v1/channels', { key });
    expect([after.status, code(after.body)]).toEqual([402, 'PLAN_UPGRADE_REQUIRED']);
  });

  it('stops an expired key, and refuses an expiry in the past', async () => {
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const created = await createKey(owner.token, { expires_at: expiresAt });
    expect(created.expires_at).toBe(expiresAt.replace(/\.\d{3}Z$/, 'Z'));
    expect((await callApi(app, 'GET', '/v1/me', { key: created.key })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const after = await callApi(app, 'GET', '/v1/me', { key: created.key });
    expect([after.status, code(after.body)]).toEqual([401, 'TOKEN_EXPIRED']);
    const past = await callApi(app, 'POST', '/v1/api-keys', {
      token: owner.token,
      body: { name: 'late', role: 'viewer', expires_at: new Date(Date.now() - 1000).toISOString() },
    });
    expect([past.status, code(past.body)]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('shows when a key was last used', async () => {
    const created = await createKey(owner.token);
    await callApi(app, 'GET', '/v1/me', { key: created.key });
    const listed = await callApi<{ api_keys: { id: string; last_used_at: string | null }[] }>(
      app,
      'GET',
      '/v1/api-keys',
      { token: owner.token },
    );
    const mine = listed.body.api_keys.find((apiKey) => apiKey.id === created.id);
    expect(mine?.last_used_at).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
  });

  it('limits failed API-key and token attempts per address: 429 once the address has failed too often', async () => {
    // An address of this test's own (the app trusts the loopback proxy), so no other test shares it.
    const address = `198.51.100.${randomInt(1, 254)}`;
    const headers = { 'x-forwarded-for': address };
    const { key } = await createKey(owner.token);
    const statuses: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      const guess = `sak_${randomBytes(32).toString('base64url')}`;
      statuses.push((await callApi(app, 'GET', '/v1/me', { key: guess, headers })).status);
    }
    expect(statuses.every((status) => status === 401)).toBe(true);
    const blocked = await callApi(app, 'GET', '/v1/me', {
      key: `sak_${randomBytes(32).toString('base64url')}`,
      headers,
    });
    expect([blocked.status, code(blocked.body)]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    const badToken = await callApi(app, 'GET', '/v1/me', { token: 'not.a.token', headers });
    expect([badToken.status, code(badToken.body)]).toEqual([429, 'RATE_LIMITED']);
    // Other addresses are not affected.
    expect((await callApi(app, 'GET', '/v1/me', { key })).status).toBe(200);
  });
});
