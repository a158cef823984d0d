import { callApi, code, signUp } from './support/app';
import { useAppWithMailer } from './support/capturing-mailer';
import { eventually } from './support/eventually';
import { uniqueName } from './support/isolation';

describe('password change and reset by mailed token (issue 16)', () => {
  const suite = useAppWithMailer();
  const login = (email: string, password: string) =>
    callApi<{ access_token: string; refresh_token: string }>(suite.app, 'POST', '/v1/auth/login', {
      body: { email, password },
    });
  const requestReset = (email: string) =>
    callApi(suite.app, 'POST', '/v1/auth/password-reset', { body: { email } });
  const confirm = (token: string | undefined, password: string) =>
    callApi(suite.app, 'POST', '/v1/auth/password-reset/confirm', {
      body: { token, new_password: password },
    });
  const resetToken = (email: string) =>
    eventually(
      async () => suite.mailer.tokenFor(email),
      (token) => token !== undefined,
      5000,
      50,
    );

  it('changes the password only with the current one, and ends every session', async () => {
    const account = await signUp(suite.app);
    const other = await login(account.email, account.password);
    const wrong = await callApi(suite.app, 'POST', '/v1/auth/password', {
      token: account.token,
      body: { current_password: 'not the password', new_password: 'a brand new password' },
    });
    expect([wrong.status, code(wrong.body)]).toEqual([401, 'INVALID_CREDENTIALS']);

    const changed = await callApi(suite.app, 'POST', '/v1/auth/password', {
      token: account.token,
      body: { current_password: account.password, new_password: 'a brand new password' },
    });
    expect(changed.status).toBe(204);
    expect((await login(account.email, account.password)).status).toBe(401);
    expect((await login(account.email, 'a brand new password')).status).toBe(200);
    for (const token of [account.token, other.body.access_token]) {
      expect((await callApi(suite.app, 'GET', '/v1/me', { token })).status).toBe(401);
    }
    const refresh = await callApi(suite.app, 'POST', '/v1/auth/refresh', {
      body: { refresh_token: other.body.refresh_token },
    });
    expect(refresh.status).toBe(401);
  });

  it('answers a reset request alike whether the account exists, and mails only an existing one', async () => {
    const account = await signUp(suite.app);
    const unknown = `${uniqueName('nobody-')}@example.com`;
    const known = await requestReset(account.email);
    const notKnown = await requestReset(unknown);
    expect([known.status, known.body]).toEqual([202, undefined]);
    expect([notKnown.status, notKnown.body]).toEqual([202, undefined]);
    expect(await resetToken(account.email)).toBeDefined();
    expect(suite.mailer.last(account.email)?.text).toContain(
      `${suite.app.config.mail.appUrl}/password-reset#token=`,
    );
    expect(suite.mailer.last(unknown)).toBeUndefined();
  });

  it('resets with the token once, ends every session, and lets the new password in', async () => {
    const account = await signUp(suite.app);
    await requestReset(account.email);
    const token = await resetToken(account.email);
    expect((await confirm(token, 'too short')).status).toBe(400);

    expect((await confirm(token, 'my new long password')).status).toBe(204);
    expect((await callApi(suite.app, 'GET', '/v1/me', { token: account.token })).status).toBe(401);
    const refresh = await callApi(suite.app, 'POST', '/v1/auth/refresh', {
      body: { refresh_token: account.refreshToken },
    });
    expect(refresh.status).toBe(401);
    expect((await login(account.email, account.password)).status).toBe(401);
    expect((await login(account.email, 'my new long password')).status).toBe(200);

    const again = await confirm(token, 'yet another password');
    expect([again.status, code(again.body)]).toEqual([401, 'TOKEN_INVALID']);
  });

  it('refuses an expired token, and a token made stale by a newer password', async () => {
    const account = await signUp(suite.app);
    await requestReset(account.email);
    const expired = await resetToken(account.email);
    await suite.postgres.query(
      "UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE user_id = (SELECT id FROM users WHERE email = $1)",
      [account.email],
    );
    const late = await confirm(expired, 'my new long password');
    expect([late.status, code(late.body)]).toEqual([401, 'TOKEN_INVALID']);
    expect((await login(account.email, account.password)).status).toBe(200);

    // A password changed since the mail makes its token stale.
    const changing = await signUp(suite.app);
    await requestReset(changing.email);
    const stale = await resetToken(changing.email);
    await callApi(suite.app, 'POST', '/v1/auth/password', {
      token: changing.token,
      body: { current_password: changing.password, new_password: 'changed meanwhile' },
    });
    expect((await confirm(stale, 'my new long password')).status).toBe(401);
    expect((await login(changing.email, 'changed meanwhile')).status).toBe(200);

    // One reset mail a minute per account: a second request within it sends nothing.
    const sent = suite.mailer.sent.length;
    await requestReset(account.email);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(suite.mailer.sent.length).toBe(sent);
  });

  it('ends a sign-in block of the account it resets', async () => {
    const account = await signUp(suite.app);
    for (let i = 0; i < 5; i++) await login(account.email, 'a wrong password');
    expect((await login(account.email, account.password)).status).toBe(429);
    await requestReset(account.email);
    expect((await confirm(await resetToken(account.email), 'my new long password')).status).toBe(204);
    expect((await login(account.email, 'my new long password')).status).toBe(200);
  });
});
