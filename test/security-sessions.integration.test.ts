import { SignJWT, decodeJwt } from 'jose';
import { type RunningApp, callApi, setPlan, signUp, startApp, code } from './support/app';
import { type Tokens, addSignedInMember } from './support/members';

/**
 * Issue 16, finding 2: an access token is bound to its session. The session in Redis records its
 * user and organization; a token whose claims disagree (forged with a leaked signing key, carrying
 * the forger's own session id) is TOKEN_INVALID. Also: sign out everywhere, and token pairs and
 * new API keys are never cached.
 */
describe('security: access tokens bound to their sessions', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ ROLES: 'api' });
  });
  afterAll(() => app?.stop());

  /** A token signed with the app's own key (as if it leaked), with `claims` over the real ones. */
  const forge = (token: string, claims: Record<string, unknown>) => {
    const key = app.config.auth.signingKeys[0]!;
    return new SignJWT({ ...decodeJwt(token), ...claims })
      .setProtectedHeader({ alg: 'HS256', kid: key.kid })
      .sign(new TextEncoder().encode(key.secret));
  };

  it("refuses a token forged with a leaked key that carries one's own session and another organization", async () => {
    const attacker = await signUp(app, 'Attacker');
    const victim = await signUp(app, 'Victim');
    const victimMe = await callApi<{ user_id: string }>(app, 'GET', '/v1/me', { token: victim.token });
    const forgeries = {
      'other organization': await forge(attacker.token, { org: victim.organizationId, role: 'owner' }),
      'other user and organization': await forge(attacker.token, {
        sub: victimMe.body.user_id,
        org: victim.organizationId,
      }),
      'other user': await forge(attacker.token, { sub: victimMe.body.user_id }),
    };
    for (const [name, token] of Object.entries(forgeries)) {
      const answer = await callApi(app, 'GET', '/v1/organization', { token });
      expect([name, answer.status, code(answer.body)]).toEqual([name, 401, 'TOKEN_INVALID']);
    }
    // The forger's own token still works: only the disagreeing claims are refused.
    expect((await callApi(app, 'GET', '/v1/me', { token: attacker.token })).status).toBe(200);
  });

  it('takes the role from the session, not from the token: a viewer cannot forge itself an owner', async () => {
    const owner = await signUp(app);
    const viewer = await addSignedInMember(app, owner, 'viewer');
    const forged = await forge(viewer.token, { role: 'owner' });
    const members = await callApi(app, 'GET', '/v1/organization/members', { token: forged });
    expect(members.status).toBe(403);
    const me = await callApi(app, 'GET', '/v1/me', { token: forged });
    expect(me.body).toMatchObject({ role: 'viewer' });
  });

  it('signs out everywhere: every session of the user ends, access and refresh tokens alike', async () => {
    const account = await signUp(app);
    const second = await callApi<Tokens>(app, 'POST', '/v1/auth/login', {
      body: { email: account.email, password: account.password },
    });
    const other = await signUp(app);
    const all = await callApi(app, 'POST', '/v1/auth/logout-all', { token: account.token });
    expect(all.status).toBe(204);
    for (const token of [account.token, second.body.access_token]) {
      const me = await callApi(app, 'GET', '/v1/me', { token });
      expect([me.status, code(me.body)]).toEqual([401, 'TOKEN_INVALID']);
    }
    for (const refreshToken of [account.refreshToken, second.body.refresh_token]) {
      const refresh = await callApi(app, 'POST', '/v1/auth/refresh', {
        body: { refresh_token: refreshToken },
      });
      expect(refresh.status).toBe(401);
    }
    // Another user's session is untouched.
    expect((await callApi(app, 'GET', '/v1/me', { token: other.token })).status).toBe(200);
  });

  it('answers token pairs and new API keys with Cache-Control: no-store', async () => {
    const email = `no-store-${Date.now()}@example.com`;
    const password = 'correct horse battery staple';
    const signup = await callApi<Tokens>(app, 'POST', '/v1/auth/signup', {
      body: { email, password, organization_name: 'No store' },
    });
    const login = await callApi<Tokens>(app, 'POST', '/v1/auth/login', { body: { email, password } });
    const refresh = await callApi(app, 'POST', '/v1/auth/refresh', {
      body: { refresh_token: login.body.refresh_token },
    });
    await setPlan(app, signup.body.organization_id, 'enterprise');
    const key = await callApi(app, 'POST', '/v1/api-keys', {
      token: signup.body.access_token,
      body: { name: 'ci', role: 'viewer' },
    });
    const answers = { signup, login, refresh, key };
    const headers = Object.fromEntries(
      Object.entries(answers).map(([name, answer]) => [
        name,
        `${answer.status} ${answer.headers.get('cache-control')}`,
      ]),
    );
    expect(headers).toEqual({
      signup: '201 no-store',
      login: '200 no-store',
      refresh: '200 no-store',
      key: '201 no-store',
    });
  });
});
