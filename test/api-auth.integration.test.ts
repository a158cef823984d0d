import { SignJWT, UnsecuredJWT, decodeJwt } from 'jose';
import { type RunningApp, callApi, setPlan, signUp, startApp, code } from './support/app';

interface Tokens {
  access_token: string;
  refresh_token: string;
  organization_id: string;
  role: string;
}

describe('API sessions: sign-up, sign-in, refresh, sign-out', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ ROLES: 'api' });
  });
  afterAll(() => app?.stop());

  it('signs up an owner of a new Free organization, and signs in with the same password only', async () => {
    const account = await signUp(app, 'Acme');
    const me = await callApi(app, 'GET', '/v1/me', { token: account.token });
    expect(me).toMatchObject({
      status: 200,
      body: { kind: 'user', organization_id: account.organizationId, role: 'owner' },
    });
    const organization = await callApi(app, 'GET', '/v1/organization', { token: account.token });
    expect(organization.body).toMatchObject({ name: 'Acme', plan: 'free', limits: { max_channels: 3 } });

    const login = await callApi<Tokens>(app, 'POST', '/v1/auth/login', {
      body: { email: account.email.toUpperCase(), password: account.password },
    });
    expect(login.status).toBe(200);
    const wrong = await callApi(app, 'POST', '/v1/auth/login', {
      body: { email: account.email, password: 'not the password' },
    });
    const unknown = await callApi(app, 'POST', '/v1/auth/login', {
      body: { email: 'nobody@example.com', password: 'whatever it is' },
    });
    expect([wrong.status, code(wrong.body)]).toEqual([401, 'INVALID_CREDENTIALS']);
    expect([unknown.status, code(unknown.body)]).toEqual([401, 'INVALID_CREDENTIALS']);
    const again = await callApi(app, 'POST', '/v1/auth/signup', {
      body: { email: account.email, password: 'another long password', organization_name: 'Dup' },
    });
    expect([again.status, code(again.body)]).toEqual([409, 'CONFLICT']);
  });

  it('rotates refresh tokens, and a reused one revokes the whole session', async () => {
    const account = await signUp(app);
    const first = await callApi<Tokens>(app, 'POST', '/v1/auth/refresh', {
      body: { refresh_token: account.refreshToken },
    });
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(account.refreshToken);
    expect((await callApi(app, 'GET', '/v1/me', { token: first.body.access_token })).status).toBe(200);

    const replay = await callApi(app, 'POST', '/v1/auth/refresh', {
      body: { refresh_token: account.refreshToken },
    });
    expect([replay.status, code(replay.body)]).toEqual([401, 'REFRESH_TOKEN_REUSED']);
    // Every token of the family is dead now: the newest refresh token and the access tokens.
    const next = await callApi(app, 'POST', '/v1/auth/refresh', {
      body: { refresh_token: first.body.refresh_token },
    });
    expect([next.status, code(next.body)]).toEqual([401, 'TOKEN_INVALID']);
    const me = await callApi(app, 'GET', '/v1/me', { token: first.body.access_token });
    expect([me.status, code(me.body)]).toEqual([401, 'TOKEN_INVALID']);
  });

  it('signs out: the access token and the refresh token stop working at once', async () => {
    const account = await signUp(app);
    expect((await callApi(app, 'POST', '/v1/auth/logout', { token: account.token })).status).toBe(204);
    expect((await callApi(app, 'GET', '/v1/me', { token: account.token })).status).toBe(401);
    const refresh = await callApi(app, 'POST', '/v1/auth/refresh', {
      body: { refresh_token: account.refreshToken },
    });
    expect(refresh.status).toBe(401);
  });

  it('refuses forged and stale access tokens: alg none, a wrong key, tampering, expiry, an unknown kid', async () => {
    const account = await signUp(app);
    const claims = decodeJwt(account.token);
    const key = app.config.auth.signingKeys[0]!;
    const sign = (payload: object, secret: string, kid = key.kid) =>
      new SignJWT({ ...payload })
        .setProtectedHeader({ alg: 'HS256', kid })
        .sign(new TextEncoder().encode(secret));
    const [header, , signature] = account.token.split('.');
    const tampered = Buffer.from(
      JSON.stringify({ ...claims, role: 'owner', org: '00000000-0000-4000-8000-000000000000' }),
    ).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const forgeries = {
      'alg none': new UnsecuredJWT({ ...claims }).encode(),
      'wrong key': await sign(claims, 'an attacker secret of thirty-two or more characters'),
      tampered: `${header}.${tampered}.${signature}`,
      'unknown kid': await sign(claims, key.secret, 'rotated-out'),
      expired: await sign({ ...claims, iat: now - 3600, exp: now - 60 }, key.secret),
      'not a JWT': 'garbage',
    };
    const answers = Object.fromEntries(
      await Promise.all(
        Object.entries(forgeries).map(async ([name, token]) => {
          const { status, body } = await callApi(app, 'GET', '/v1/me', { token });
          return [name, `${status} ${code(body)}`];
        }),
      ),
    );
    expect(answers).toEqual({
      'alg none': '401 TOKEN_INVALID',
      'wrong key': '401 TOKEN_INVALID',
      tampered: '401 TOKEN_INVALID',
      'unknown kid': '401 TOKEN_INVALID',
      expired: '401 TOKEN_EXPIRED',
      'not a JWT': '401 TOKEN_INVALID',
    });
  });

  it("tracks up to the Free plan's three channels: a fourth is 402, one of the three again is 409", async () => {
    const owner = await signUp(app);
    const track = (channel: string) =>
      callApi(app, 'POST', '/v1/channels', { token: owner.token, body: { channel } });
    for (const id of ['-1003000000001', '-1003000000002', '-1003000000003'])
      expect((await track(`telegram:${id}`)).status).toBe(201);
    const fourth = await track('telegram:-1003000000004');
    expect([fourth.status, code(fourth.body)]).toEqual([402, 'PLAN_UPGRADE_REQUIRED']);
    const again = await track('telegram:-1003000000002');
    expect([again.status, code(again.body)]).toEqual([409, 'CONFLICT']);
  });

  it('issues API keys on Enterprise only, shows the secret once, and stops a revoked key at once', async () => {
    const owner = await signUp(app);
    const refused = await callApi(app, 'POST', '/v1/api-keys', {
      token: owner.token,
      body: { name: 'ci', role: 'viewer' },
    });
    expect(refused.status).toBe(402);
    expect(refused.body).toMatchObject({
      error: { code: 'PLAN_UPGRADE_REQUIRED', details: { plan: 'free', required_plan: 'enterprise' } },
    });

    await setPlan(app, owner.organizationId, 'enterprise');
    const created = await callApi<{ id: string; key: string }>(app, 'POST', '/v1/api-keys', {
      token: owner.token,
      body: { name: 'ci', role: 'analyst' },
    });
    expect(created.status).toBe(201);
    const me = await callApi(app, 'GET', '/v1/me', { key: created.body.key });
    expect(me.body).toMatchObject({
      kind: 'api_key',
      api_key_id: created.body.id,
      role: 'analyst',
      organization_id: owner.organizationId,
    });
    const listed = await callApi<{ api_keys: object[] }>(app, 'GET', '/v1/api-keys', { token: owner.token });
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);
    // An analyst key may read channels but not manage keys.
    expect((await callApi(app, 'GET', '/v1/channels', { key: created.body.key })).status).toBe(200);
    expect((await callApi(app, 'GET', '/v1/api-keys', { key: created.body.key })).status).toBe(403);

    expect(
      (await callApi(app, 'DELETE', `/v1/api-keys/${created.body.id}`, { token: owner.token })).status,
    ).toBe(204);
    const after = await callApi(app, 'GET', '/v1/me', { key: created.body.key });
    expect([after.status, code(after.body)]).toEqual([401, 'TOKEN_INVALID']);
  });
});
