import { CSRF_COOKIE, CSRF_HEADER, REFRESH_COOKIE, csrfTokenFor } from '../api/auth/browser-session';
import { type RunningApp, callApi, code, signUp, startApp } from './support/app';
import { uniqueName } from './support/isolation';

/**
 * Issue 15: a browser keeps its refresh token in an HttpOnly cookie, and a refresh signed in by
 * that cookie needs the CSRF header (a double-submit token bound to the refresh token). The JSON
 * body API is unchanged (test/api-auth.integration.test.ts).
 */

interface SetCookie {
  name: string;
  value: string;
  /** Attribute names in lower case; flags map to ''. */
  attributes: Record<string, string>;
}

/** The Set-Cookie lines of an answer, by cookie name. */
function setCookies(headers: Headers): Record<string, SetCookie> {
  const cookies: Record<string, SetCookie> = {};
  for (const line of headers.getSetCookie()) {
    const [pair = '', ...rest] = line.split(';').map((part) => part.trim());
    const at = pair.indexOf('=');
    const name = pair.slice(0, at);
    const attributes = Object.fromEntries(
      rest.map((attribute) => {
        const [key = '', ...value] = attribute.split('=');
        return [key.toLowerCase(), value.join('=')];
      }),
    );
    cookies[name] = { name, value: decodeURIComponent(pair.slice(at + 1)), attributes };
  }
  return cookies;
}

interface Tokens {
  access_token: string;
  refresh_token: string;
}

describe('security: browser sessions in cookies, refreshed with a CSRF header', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ ROLES: 'api' });
  });
  afterAll(() => app?.stop());

  /** A refresh as the dashboard sends it: `{}`, the refresh cookie, and `headers`. */
  const refreshByCookie = (refreshToken: string, headers: Record<string, string> = {}) =>
    callApi<Tokens>(app, 'POST', '/v1/auth/refresh', {
      body: {},
      headers: { cookie: `${REFRESH_COOKIE}=${refreshToken}; other=1`, ...headers },
    });

  it('sets the refresh token in an HttpOnly, SameSite=Strict cookie for /v1/auth, and its CSRF token beside it', async () => {
    const email = `${uniqueName('browser-')}@example.com`;
    const signup = await callApi<Tokens>(app, 'POST', '/v1/auth/signup', {
      body: { email, password: 'correct horse battery staple', organization_name: 'Cookies' },
    });
    const login = await callApi<Tokens>(app, 'POST', '/v1/auth/login', {
      body: { email, password: 'correct horse battery staple' },
    });
    for (const answer of [signup, login]) {
      const cookies = setCookies(answer.headers);
      expect(cookies[REFRESH_COOKIE]).toEqual({
        name: REFRESH_COOKIE,
        value: answer.body.refresh_token,
        attributes: expect.objectContaining({ httponly: '', samesite: 'Strict', path: '/v1/auth' }),
      });
      expect(cookies[REFRESH_COOKIE]!.attributes['max-age']).toBe(
        String(app.config.auth.refreshTokenTtlSeconds),
      );
      expect(cookies[CSRF_COOKIE]).toEqual({
        name: CSRF_COOKIE,
        value: csrfTokenFor(answer.body.refresh_token),
        attributes: expect.objectContaining({ samesite: 'Strict', path: '/' }),
      });
      expect(cookies[CSRF_COOKIE]!.attributes).not.toHaveProperty('httponly');
      // Plain HTTP on loopback (tests, development): not Secure, or the browser would never send them.
      expect(cookies[REFRESH_COOKIE]!.attributes).not.toHaveProperty('secure');
    }
    // Over HTTPS (as a trusted proxy on loopback reports it), both are Secure.
    const https = await callApi(app, 'POST', '/v1/auth/login', {
      body: { email, password: 'correct horse battery staple' },
      headers: { 'x-forwarded-proto': 'https' },
    });
    const secure = setCookies(https.headers);
    expect([secure[REFRESH_COOKIE]?.attributes.secure, secure[CSRF_COOKIE]?.attributes.secure]).toEqual([
      '',
      '',
    ]);
  });

  it('refreshes from the cookie with the CSRF header: new tokens, new cookies, the old token spent', async () => {
    const account = await signUp(app);
    const refreshed = await refreshByCookie(account.refreshToken, {
      [CSRF_HEADER]: csrfTokenFor(account.refreshToken),
    });
    expect(refreshed.status).toBe(200);
    expect((await callApi(app, 'GET', '/v1/me', { token: refreshed.body.access_token })).status).toBe(200);
    const cookies = setCookies(refreshed.headers);
    expect(cookies[REFRESH_COOKIE]?.value).toBe(refreshed.body.refresh_token);
    expect(cookies[CSRF_COOKIE]?.value).toBe(csrfTokenFor(refreshed.body.refresh_token));
    expect(refreshed.body.refresh_token).not.toBe(account.refreshToken);
    // The next refresh, from the next cookie, works too; the JSON body still wins over a cookie.
    const next = await refreshByCookie(refreshed.body.refresh_token, {
      [CSRF_HEADER]: csrfTokenFor(refreshed.body.refresh_token),
    });
    expect(next.status).toBe(200);
    const byBody = await callApi<Tokens>(app, 'POST', '/v1/auth/refresh', {
      body: { refresh_token: next.body.refresh_token },
      headers: { cookie: `${REFRESH_COOKIE}=${'x'.repeat(40)}` },
    });
    expect(byBody.status).toBe(200);
    // A stray cookie of any shape (an old deployment's, another app's on the host) does not stand
    // in the way of a body token either.
    const besideStray = await callApi<Tokens>(app, 'POST', '/v1/auth/refresh', {
      body: { refresh_token: byBody.body.refresh_token },
      headers: { cookie: `${REFRESH_COOKIE}=stale` },
    });
    expect(besideStray.status).toBe(200);
  });

  it('refuses a refresh by cookie without the CSRF header, or with another, and the session lives on', async () => {
    const account = await signUp(app);
    const other = await signUp(app);
    const attempts = {
      'no header': await refreshByCookie(account.refreshToken),
      'a wrong header': await refreshByCookie(account.refreshToken, { [CSRF_HEADER]: 'x'.repeat(43) }),
      "another session's header": await refreshByCookie(account.refreshToken, {
        [CSRF_HEADER]: csrfTokenFor(other.refreshToken),
      }),
    };
    for (const [name, answer] of Object.entries(attempts)) {
      expect([name, answer.status, code(answer.body)]).toEqual([name, 403, 'CSRF_TOKEN_INVALID']);
      // Refused before anything changed: no cookie is set or expired.
      expect([name, answer.headers.getSetCookie()]).toEqual([name, []]);
    }
    const fine = await refreshByCookie(account.refreshToken, {
      [CSRF_HEADER]: csrfTokenFor(account.refreshToken),
    });
    expect(fine.status).toBe(200);
  });

  it('answers UNAUTHORIZED to a refresh with neither a body token nor the cookie', async () => {
    const answer = await callApi(app, 'POST', '/v1/auth/refresh', { body: {} });
    expect([answer.status, code(answer.body)]).toEqual([401, 'UNAUTHORIZED']);
  });

  it('expires both cookies on sign-out, and after a refresh by cookie that no longer works', async () => {
    const account = await signUp(app);
    const logout = await callApi(app, 'POST', '/v1/auth/logout', {
      token: account.token,
      headers: { cookie: `${REFRESH_COOKIE}=${account.refreshToken}` },
    });
    expect(logout.status).toBe(204);
    const cleared = setCookies(logout.headers);
    for (const name of [REFRESH_COOKIE, CSRF_COOKIE]) {
      expect(cleared[name]?.value).toBe('');
      expect(new Date(cleared[name]!.attributes.expires!).getTime()).toBeLessThan(Date.now());
    }
    expect([cleared[REFRESH_COOKIE]?.attributes.path, cleared[CSRF_COOKIE]?.attributes.path]).toEqual([
      '/v1/auth',
      '/',
    ]);
    // The session is over: its cookie no longer refreshes, and that answer expires the cookies too.
    const after = await refreshByCookie(account.refreshToken, {
      [CSRF_HEADER]: csrfTokenFor(account.refreshToken),
    });
    expect([after.status, code(after.body)]).toEqual([401, 'TOKEN_INVALID']);
    expect(setCookies(after.headers)[REFRESH_COOKIE]?.value).toBe('');
  });
});
