import { createHash } from 'node:crypto';
import { Pool } from 'pg';
import { createRedis } from '../platform/clients/redis';
import { type RunningApp, callApi, signUp, startApp, code } from './support/app';
import { uniqueName } from './support/isolation';
import { signInAtProvider } from './support/oidc-provider/browser';
import { startAppWithProvider } from './support/oidc-provider/app-with-provider';
import { type RunningProvider, type TestClient, startProvider } from './support/oidc-provider/start-provider';

interface Tokens {
  access_token: string;
  refresh_token: string;
  organization_id: string;
  role: string;
}
interface Caller {
  user_id: string;
  organization_id: string;
  role: string;
}

describe('sign-in with OpenID Connect, against a real provider', () => {
  let client: TestClient;
  let provider: RunningProvider;
  let app: RunningApp;
  let postgres: Pool;

  beforeAll(async () => {
    ({ client, provider, app } = await startAppWithProvider('social-analytics-test'));
    postgres = new Pool({ connectionString: app.config.postgres.url });
  });
  afterAll(async () => {
    await postgres?.end();
    await app?.stop();
    await provider?.stop();
  });

  /**
   * Starts at the API, signs in at the provider: the callback URL the provider sent back, and the
   * cookie the API set on the browser that started (which the browser sends with the callback).
   */
  const signInAtProviderAs = async (login: string): Promise<{ path: string; cookie: string }> => {
    const start = await fetch(`${app.baseUrl}/v1/auth/oidc/start`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const [setCookie = ''] = start.headers.getSetCookie();
    expect(setCookie).toMatch(/^sa_oidc_binding=[^;]+;.*HttpOnly.*SameSite=Lax/i);
    const callback = await signInAtProvider(start.headers.get('location')!, login, client.redirectUri);
    return { path: callback.pathname + callback.search, cookie: setCookie.split(';')[0]! };
  };
  const finish = (callback: { path: string; cookie?: string }) =>
    callApi<Tokens>(app, 'GET', callback.path, {
      headers: callback.cookie ? { cookie: callback.cookie } : {},
    });
  const signInAs = async (login: string) => finish(await signInAtProviderAs(login));
  const me = async (token: string) => (await callApi<Caller>(app, 'GET', '/v1/me', { token })).body;
  const newLogin = () => `${uniqueName('oidc-')}@example.com`;

  it('signs a new person in as the owner of a new Free organization, with tokens that work', async () => {
    const login = newLogin();
    const signIn = await signInAs(login);
    expect(signIn).toMatchObject({ status: 200, body: { token_type: 'Bearer', role: 'owner' } });
    const caller = await callApi<Caller>(app, 'GET', '/v1/me', { token: signIn.body.access_token });
    expect(caller).toMatchObject({
      status: 200,
      body: { kind: 'user', organization_id: signIn.body.organization_id, role: 'owner' },
    });
    const organization = await callApi(app, 'GET', '/v1/organization', { token: signIn.body.access_token });
    expect(organization.body).toMatchObject({ name: `Test ${login.split('@')[0]}`, plan: 'free' });
    const refresh = await callApi(app, 'POST', '/v1/auth/refresh', {
      body: { refresh_token: signIn.body.refresh_token },
    });
    expect(refresh.status).toBe(200);
    const { rows } = await postgres.query(
      'SELECT i.issuer, i.subject, u.email, u.password_hash FROM oidc_identities i JOIN users u ON u.id = i.user_id WHERE u.id = $1',
      [caller.body.user_id],
    );
    expect(rows).toEqual([{ issuer: provider.issuer, subject: login, email: login, password_hash: null }]);
  });

  it('signs the same subject in again to the same user and organization', async () => {
    const login = newLogin();
    const first = await signInAs(login);
    const second = await signInAs(login);
    expect(second.status).toBe(200);
    expect(second.body.access_token).not.toBe(first.body.access_token);
    expect(await me(second.body.access_token)).toEqual(await me(first.body.access_token));
  });

  it('never hands a password account to the provider by email: 409, and the account stays its own', async () => {
    // Sign-up does not verify emails: linking by email would give the provider's person an
    // account someone else registered with their address first.
    const account = await signUp(app, 'Password first');
    const signIn = await signInAs(account.email.toUpperCase());
    expect([signIn.status, code(signIn.body)]).toEqual([409, 'CONFLICT']);
    const { rows } = await postgres.query(
      'SELECT count(*)::int AS n FROM oidc_identities i JOIN users u ON u.id = i.user_id WHERE u.email = $1',
      [account.email],
    );
    expect(rows).toEqual([{ n: 0 }]);
    const login = await callApi(app, 'POST', '/v1/auth/login', {
      body: { email: account.email, password: account.password },
    });
    expect(login.status).toBe(200);
  });

  it('links or creates nothing for an email the provider does not say is verified', async () => {
    const login = `unverified-${newLogin()}`;
    const signIn = await signInAs(login);
    expect([signIn.status, code(signIn.body)]).toEqual([403, 'OIDC_EMAIL_NOT_VERIFIED']);
    const { rows } = await postgres.query('SELECT id FROM users WHERE email = $1', [login]);
    expect(rows).toEqual([]);
  });

  it('completes each sign-in once: the same callback a second time is refused', async () => {
    const callback = await signInAtProviderAs(newLogin());
    expect((await finish(callback)).status).toBe(200);
    const replay = await finish(callback);
    expect([replay.status, code(replay.body)]).toEqual([400, 'OIDC_STATE_INVALID']);
  });

  it('refuses a callback from another browser than the one that started, even with code and state', async () => {
    // The callback URL leaks easily (history, logs, Referer): without the starting browser's
    // cookie or binding it is worth nothing, and the attempt is spent.
    const callback = await signInAtProviderAs(newLogin());
    const elsewhere = await finish({ path: callback.path });
    expect([elsewhere.status, code(elsewhere.body)]).toEqual([400, 'OIDC_STATE_INVALID']);
    const wrong = await finish({ path: callback.path, cookie: 'sa_oidc_binding=guessed' });
    expect(wrong.status).toBe(400);
    expect((await finish(callback)).status).toBe(400);
  });

  it('refuses a forged state, and a tampered code with the provider’s error, never a 500', async () => {
    const started = await signInAtProviderAs(newLogin());
    const callback = new URL(started.path, app.baseUrl);
    const forged = new URL(callback);
    forged.searchParams.set('state', 'a-state-this-api-never-issued');
    const forgedAnswer = await finish({ path: forged.pathname + forged.search, cookie: started.cookie });
    expect([forgedAnswer.status, code(forgedAnswer.body)]).toEqual([400, 'OIDC_STATE_INVALID']);

    const tampered = new URL(callback);
    tampered.searchParams.set('code', `${callback.searchParams.get('code')}x`);
    const tamperedAnswer = await finish({
      path: tampered.pathname + tampered.search,
      cookie: started.cookie,
    });
    expect(tamperedAnswer).toMatchObject({
      status: 401,
      body: { error: { code: 'OIDC_SIGN_IN_FAILED', details: { error: 'invalid_grant' } } },
    });
  });

  it('answers the authorization URL as JSON to a caller that accepts only JSON, for 10 minutes', async () => {
    const start = await callApi<{
      authorization_url: string;
      state: string;
      binding: string;
      expires_in: number;
    }>(app, 'GET', '/v1/auth/oidc/start', { headers: { accept: 'application/json' } });
    expect(start.status).toBe(200);
    const url = new URL(start.body.authorization_url);
    expect(url.origin).toBe(provider.issuer);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: client.clientId,
      redirect_uri: client.redirectUri,
      response_type: 'code',
      scope: 'openid email profile',
      state: start.body.state,
      code_challenge_method: 'S256',
    });
    expect(start.body.expires_in).toBe(600);
    expect(start.body.binding).toMatch(/^[\w-]{32,}$/);
    const redis = createRedis(app.config.redis);
    await redis.connect();
    try {
      const hash = createHash('sha256').update(start.body.state).digest('base64url');
      const ttl = await redis.ttl(`${app.config.kafka.topicPrefix}auth:oidc:pending:${hash}`);
      expect(ttl).toBeGreaterThan(590);
      expect(ttl).toBeLessThanOrEqual(600);
    } finally {
      redis.disconnect();
    }
    // A front end that navigates itself sends the binding back as a header.
    const callback = await signInAtProvider(start.body.authorization_url, newLogin(), client.redirectUri);
    const finished = await callApi(app, 'GET', callback.pathname + callback.search, {
      headers: { 'x-oidc-binding': start.body.binding },
    });
    expect(finished.status).toBe(200);
  });

  it('tells the dashboard that sign-in with the provider is on, its name, and where to start', async () => {
    const answer = await callApi(app, 'GET', '/v1/auth/oidc/provider');
    expect(answer).toMatchObject({
      status: 200,
      body: { enabled: true, provider_name: 'Example ID', start_url: '/v1/auth/oidc/start?return_to=%2F' },
    });
  });

  it('signs a browser in from the dashboard: 303 to it with the session cookies, then a refresh by cookie', async () => {
    const start = await fetch(`${app.baseUrl}/v1/auth/oidc/start?return_to=%2F`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const [binding = ''] = start.headers.getSetCookie();
    const callback = await signInAtProvider(start.headers.get('location')!, newLogin(), client.redirectUri);
    const finished = await fetch(callback.href, {
      redirect: 'manual',
      headers: { cookie: binding.split(';')[0]! },
    });
    expect(finished.status).toBe(303);
    expect(finished.headers.get('location')).toBe('/');
    expect(finished.headers.get('cache-control')).toBe('no-store');
    const setCookies = finished.headers.getSetCookie();
    const named = (name: string) => setCookies.find((c) => c.startsWith(`${name}=`)) ?? '';
    const refreshCookie = named('sa_refresh');
    expect(refreshCookie).toMatch(/^sa_refresh=[^;]{20,};/);
    expect(refreshCookie).toMatch(/; Path=\/v1\/auth(;|$)/);
    expect(refreshCookie).toMatch(/; HttpOnly(;|$)/);
    expect(refreshCookie).toMatch(/; SameSite=Strict(;|$)/);
    expect(refreshCookie).toMatch(/; Max-Age=\d+/);
    const csrfCookie = named('sa_csrf');
    expect(csrfCookie).toMatch(/^sa_csrf=[^;]+; Max-Age=\d+; Path=\/;/);
    expect(csrfCookie).toMatch(/; SameSite=Strict(;|$)/);
    expect(csrfCookie).not.toMatch(/HttpOnly/i);
    expect(named('sa_oidc_binding')).toMatch(/^sa_oidc_binding=;/);
    // The tokens travel in the cookie only, never in a page a redirect leaves in history.
    const refreshToken = refreshCookie.split(';')[0]!.slice('sa_refresh='.length);
    expect(await finished.text()).not.toContain(refreshToken);
    // The dashboard then trades the cookie for its access token, as after a password sign-in.
    const csrf = csrfCookie.split(';')[0]!.slice('sa_csrf='.length);
    const refresh = await callApi<Tokens>(app, 'POST', '/v1/auth/refresh', {
      body: {},
      headers: { cookie: `sa_refresh=${refreshToken}`, 'x-csrf-token': csrf },
    });
    expect(refresh.status).toBe(200);
    expect((await me(refresh.body.access_token)).role).toBe('owner');
  });

  it('refuses to start a sign-in that would return to another site, before any redirect or cookie', async () => {
    for (const returnTo of [
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      '/%2F%2Fevil.example',
    ]) {
      const start = await fetch(
        `${app.baseUrl}/v1/auth/oidc/start?return_to=${encodeURIComponent(returnTo)}`,
        {
          redirect: 'manual',
        },
      );
      expect([start.status, start.headers.get('location')]).toEqual([400, null]);
      expect(start.headers.getSetCookie()).toEqual([]);
      const body = (await start.json()) as { error: { code: string; details: unknown } };
      expect(body.error).toMatchObject({ code: 'OIDC_RETURN_TO_INVALID', details: { allowed: ['/'] } });
    }
  });

  // Last in this block: it stops the provider and starts a new one (with new keys) on its port.
  it('keeps an attempt whose callback could not reach the provider, for the same browser to retry', async () => {
    const callback = await signInAtProviderAs(newLogin());
    await provider.stop();
    const down = await finish(callback);
    expect([down.status, code(down.body)]).toEqual([503, 'OIDC_PROVIDER_UNAVAILABLE']);
    // The browser keeps its binding cookie for the retry: the 503 does not clear it.
    expect(down.headers.getSetCookie().filter((c) => c.startsWith('sa_oidc_binding='))).toEqual([]);
    provider = await startProvider(client, Number(new URL(provider.issuer).port));
    // The attempt was kept: the retry reaches the provider, which (started afresh) no longer
    // knows the code. A spent attempt would answer OIDC_STATE_INVALID without asking it.
    const retried = await finish(callback);
    expect(retried).toMatchObject({
      status: 401,
      body: { error: { code: 'OIDC_SIGN_IN_FAILED', details: { error: 'invalid_grant' } } },
    });
    expect(retried.headers.getSetCookie()).toEqual([expect.stringMatching(/^sa_oidc_binding=;/)]);
    const spent = await finish(callback);
    expect([spent.status, code(spent.body)]).toEqual([400, 'OIDC_STATE_INVALID']);
  });
});

describe('sign-in with OpenID Connect from the dashboard, when it fails', () => {
  // An app of its own: the callback's limit for an address (20 a minute) is the other block's.
  let client: TestClient;
  let provider: RunningProvider;
  let app: RunningApp;
  beforeAll(async () => {
    ({ client, provider, app } = await startAppWithProvider('social-analytics-dashboard-test'));
  });
  afterAll(async () => {
    await app?.stop();
    await provider?.stop();
  });
  const newLogin = () => `${uniqueName('oidc-')}@example.com`;

  /** Starts as the dashboard does: the provider's URL, and the cookies the start set (`a=1; b=2`). */
  const startFromDashboard = async () => {
    const start = await fetch(`${app.baseUrl}/v1/auth/oidc/start?return_to=%2F`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    expect(start.headers.getSetCookie()).toContainEqual(
      expect.stringMatching(
        /^sa_oidc_return=%2F; Max-Age=86400; Path=\/v1\/auth\/oidc; .*HttpOnly; SameSite=Lax$/,
      ),
    );
    const cookie = start.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ');
    return { authorizationUrl: start.headers.get('location')!, cookie };
  };
  /** What the provider sends back when the person cancels (RFC 6749 4.1.2.1, RFC 9207's `iss`). */
  const cancelledCallback = (authorizationUrl: string) => {
    const state = new URL(authorizationUrl).searchParams.get('state')!;
    const query = new URLSearchParams({
      error: 'access_denied',
      error_description: 'the person cancelled',
      state,
      iss: provider.issuer,
    });
    return `/v1/auth/oidc/callback?${query}`;
  };
  const callbackAnswer = (path: string, cookie?: string) =>
    fetch(new URL(path, app.baseUrl), { redirect: 'manual', headers: cookie ? { cookie } : {} });

  it('sends a browser that cancelled at the provider back to sign-in with a message code, not a JSON page', async () => {
    const { authorizationUrl, cookie } = await startFromDashboard();
    const answer = await callbackAnswer(cancelledCallback(authorizationUrl), cookie);
    expect([answer.status, answer.headers.get('location')]).toEqual([303, '/#/sign-in?error=cancelled']);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.getSetCookie()).toContainEqual(expect.stringMatching(/^sa_oidc_binding=;/));
    expect(answer.headers.getSetCookie().filter((c) => c.startsWith('sa_refresh='))).toEqual([]);
  });

  it('sends a browser back to sign-in when its sign-in is unknown, expired or used, and when the email is not verified', async () => {
    const { authorizationUrl, cookie } = await startFromDashboard();
    const callback = await signInAtProvider(authorizationUrl, newLogin(), client.redirectUri);
    const path = callback.pathname + callback.search;
    expect((await callbackAnswer(path, cookie)).status).toBe(303);
    const replay = await callbackAnswer(path, cookie);
    expect([replay.status, replay.headers.get('location')]).toEqual([303, '/#/sign-in?error=expired']);
    const forged = await callbackAnswer('/v1/auth/oidc/callback?state=never-issued&code=x', cookie);
    expect([forged.status, forged.headers.get('location')]).toEqual([303, '/#/sign-in?error=expired']);

    const unverified = await startFromDashboard();
    const refused = await signInAtProvider(
      unverified.authorizationUrl,
      `unverified-${newLogin()}`,
      client.redirectUri,
    );
    const answer = await callbackAnswer(refused.pathname + refused.search, unverified.cookie);
    expect([answer.status, answer.headers.get('location')]).toEqual([
      303,
      '/#/sign-in?error=email_not_verified',
    ]);

    const account = await signUp(app, 'Password first');
    const taken = await startFromDashboard();
    const conflict = await signInAtProvider(taken.authorizationUrl, account.email, client.redirectUri);
    const refusedAnswer = await callbackAnswer(conflict.pathname + conflict.search, taken.cookie);
    expect(refusedAnswer.headers.get('location')).toBe('/#/sign-in?error=account_exists');
  });

  it('keeps the JSON errors for an API client that started without return_to, even in a browser that once did', async () => {
    const dashboard = await startFromDashboard();
    // The same cookie jar now starts as an API client: that start forgets the dashboard's.
    const start = await fetch(`${app.baseUrl}/v1/auth/oidc/start`, {
      redirect: 'manual',
      headers: { cookie: dashboard.cookie },
    });
    const cookies = new Map(
      [...dashboard.cookie.split('; '), ...start.headers.getSetCookie().map((c) => c.split(';')[0]!)].map(
        (pair) => [pair.slice(0, pair.indexOf('=')), pair] as const,
      ),
    );
    const cookie = [...cookies.values()].filter((pair) => !pair.endsWith('=')).join('; ');
    const answer = await callApi(app, 'GET', cancelledCallback(start.headers.get('location')!), {
      headers: { cookie },
    });
    expect(answer).toMatchObject({
      status: 401,
      body: { error: { code: 'OIDC_SIGN_IN_FAILED', details: { error: 'access_denied' } } },
    });
    const forged = await callApi(app, 'GET', '/v1/auth/oidc/callback?state=never-issued&code=x');
    expect([forged.status, code(forged.body)]).toEqual([400, 'OIDC_STATE_INVALID']);
  });
});

describe('sign-in with OpenID Connect, not configured', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ ROLES: 'api' });
  });
  afterAll(() => app?.stop());

  it('answers OIDC_NOT_CONFIGURED on both routes', async () => {
    const answers = await Promise.all(
      ['/v1/auth/oidc/start', '/v1/auth/oidc/callback?state=x&code=y'].map(async (path) => {
        const { status, body } = await callApi(app, 'GET', path);
        return `${status} ${code(body)}`;
      }),
    );
    expect(answers).toEqual(['404 OIDC_NOT_CONFIGURED', '404 OIDC_NOT_CONFIGURED']);
  });

  it('tells the dashboard that sign-in with a provider is off', async () => {
    const answer = await callApi(app, 'GET', '/v1/auth/oidc/provider');
    expect(answer).toMatchObject({
      status: 200,
      body: { enabled: false, provider_name: null, start_url: null },
    });
  });
});
