import { CSRF_COOKIE, CSRF_HEADER, REFRESH_COOKIE, csrfTokenFor } from '../api/auth/browser-session';
import { useAppWithMailer } from './support/capturing-mailer';
import { callApi, code, signUp } from './support/app';
import { uniqueName } from './support/isolation';

describe('invitations: nobody joins an organization without accepting (issue 16, finding 9)', () => {
  const suite = useAppWithMailer();
  const isMember = async (organizationId: string, email: string) => {
    const { rowCount } = await suite.postgres.query(
      'SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organization_id = $1 AND u.email = $2',
      [organizationId, email],
    );
    return rowCount === 1;
  };

  it('never adds a registered account without its consent, and answers alike whether an email has an account', async () => {
    const admin = await signUp(suite.app, 'Inviting');
    const registered = await signUp(suite.app, 'Elsewhere');
    const unregistered = `${uniqueName('nobody-')}@example.com`;

    // The old way: add any registered email as a member at once.
    const added = await callApi(suite.app, 'POST', '/v1/organization/members', {
      token: admin.token,
      body: { email: registered.email, role: 'admin' },
    });
    const addedUnknown = await callApi(suite.app, 'POST', '/v1/organization/members', {
      token: admin.token,
      body: { email: unregistered, role: 'admin' },
    });
    expect(await isMember(admin.organizationId, registered.email)).toBe(false);
    expect(added.status).toBe(addedUnknown.status);

    // The new way: an invitation, answered alike for both.
    const invite = (email: string) =>
      callApi<Record<string, unknown>>(suite.app, 'POST', '/v1/organization/invitations', {
        token: admin.token,
        body: { email, role: 'analyst' },
      });
    const toRegistered = await invite(registered.email);
    const toUnregistered = await invite(unregistered);
    expect(toRegistered.status).toBe(202);
    expect(toUnregistered.status).toBe(202);
    expect(Object.keys(toRegistered.body).sort()).toEqual(Object.keys(toUnregistered.body).sort());
    expect(await isMember(admin.organizationId, registered.email)).toBe(false);
    expect(suite.mailer.tokenFor(registered.email)).toBeDefined();
    expect(suite.mailer.tokenFor(unregistered)).toBeDefined();
  });

  it('lets the invitee accept once, signed in with the invited email, and join with the invited role', async () => {
    const admin = await signUp(suite.app, 'Inviting');
    const invitee = await signUp(suite.app, 'Own');
    const stranger = await signUp(suite.app, 'Stranger');
    const sent = await callApi(suite.app, 'POST', '/v1/organization/invitations', {
      token: admin.token,
      body: { email: invitee.email.toUpperCase(), role: 'analyst' },
    });
    expect(sent.status).toBe(202);
    const listed = await callApi<{ invitations: { email: string; role: string }[] }>(
      suite.app,
      'GET',
      '/v1/organization/invitations',
      { token: admin.token },
    );
    expect(listed.body.invitations).toEqual([
      expect.objectContaining({ email: invitee.email, role: 'analyst' }),
    ]);
    const token = suite.mailer.tokenFor(invitee.email)!;
    expect(suite.mailer.last(invitee.email)?.text).toContain('Inviting');

    const byStranger = await callApi(suite.app, 'POST', '/v1/invitations/accept', {
      token: stranger.token,
      body: { token },
    });
    expect([byStranger.status, code(byStranger.body)]).toEqual([403, 'FORBIDDEN']);
    const accepted = await callApi(suite.app, 'POST', '/v1/invitations/accept', {
      token: invitee.token,
      body: { token },
    });
    expect(accepted).toMatchObject({
      status: 200,
      body: { organization_id: admin.organizationId, role: 'analyst' },
    });
    expect(await isMember(admin.organizationId, invitee.email)).toBe(true);
    const again = await callApi(suite.app, 'POST', '/v1/invitations/accept', {
      token: invitee.token,
      body: { token },
    });
    expect([again.status, code(again.body)]).toEqual([404, 'NOT_FOUND']);

    // Accepting answers tokens for the organization joined (OpenID Connect users sign in to their
    // first organization only); a password sign-in to it works as well.
    const accessToken = (accepted.body as { access_token: string }).access_token;
    expect((await callApi(suite.app, 'GET', '/v1/me', { token: accessToken })).body).toMatchObject({
      organization_id: admin.organizationId,
      role: 'analyst',
    });
    const login = await callApi<{ role: string }>(suite.app, 'POST', '/v1/auth/login', {
      body: { email: invitee.email, password: invitee.password, organization_id: admin.organizationId },
    });
    expect([login.status, login.body.role]).toEqual([200, 'analyst']);
  });

  it('lets someone without an account sign up with the invited email, then accept', async () => {
    const admin = await signUp(suite.app, 'Inviting');
    const email = `${uniqueName('new-')}@example.com`;
    await callApi(suite.app, 'POST', '/v1/organization/invitations', {
      token: admin.token,
      body: { email, role: 'viewer' },
    });
    const signedUp = await callApi<{ access_token: string }>(suite.app, 'POST', '/v1/auth/signup', {
      body: { email, password: 'a long enough password', organization_name: 'Mine' },
    });
    const accepted = await callApi(suite.app, 'POST', '/v1/invitations/accept', {
      token: signedUp.body.access_token,
      body: { token: suite.mailer.tokenFor(email) },
    });
    expect(accepted).toMatchObject({
      status: 200,
      body: { organization_id: admin.organizationId, role: 'viewer' },
    });
  });

  it('sets the browser session cookies on accepting, so a reload stays in the joined organization (issue 15)', async () => {
    const admin = await signUp(suite.app, 'Inviting');
    const invitee = await signUp(suite.app, 'Own');
    await callApi(suite.app, 'POST', '/v1/organization/invitations', {
      token: admin.token,
      body: { email: invitee.email, role: 'analyst' },
    });
    const accepted = await callApi<{ refresh_token: string }>(suite.app, 'POST', '/v1/invitations/accept', {
      token: invitee.token,
      body: { token: suite.mailer.tokenFor(invitee.email) },
    });
    expect(accepted.status).toBe(200);
    const cookies = Object.fromEntries(
      accepted.headers.getSetCookie().map((line) => {
        const pair = line.split(';')[0]!;
        const at = pair.indexOf('=');
        return [pair.slice(0, at), { value: decodeURIComponent(pair.slice(at + 1)), line }];
      }),
    );
    expect(cookies[REFRESH_COOKIE]?.value).toBe(accepted.body.refresh_token);
    expect(cookies[REFRESH_COOKIE]?.line).toMatch(/HttpOnly/);
    expect(cookies[CSRF_COOKIE]?.value).toBe(csrfTokenFor(accepted.body.refresh_token));
    // What the dashboard does after a reload: a refresh by the cookie lands in the joined organization.
    const refreshed = await callApi(suite.app, 'POST', '/v1/auth/refresh', {
      body: {},
      headers: {
        cookie: `${REFRESH_COOKIE}=${accepted.body.refresh_token}`,
        [CSRF_HEADER]: cookies[CSRF_COOKIE]!.value,
      },
    });
    expect(refreshed).toMatchObject({
      status: 200,
      body: { organization_id: admin.organizationId, role: 'analyst' },
    });
  });

  it('refuses revoked, replaced and expired invitations, and owner invitations from admins', async () => {
    const admin = await signUp(suite.app, 'Inviting');
    const invitee = await signUp(suite.app);
    const invite = (role = 'viewer', token = admin.token) =>
      callApi(suite.app, 'POST', '/v1/organization/invitations', {
        token,
        body: { email: invitee.email, role },
      });
    const accept = (token: string | undefined) =>
      callApi(suite.app, 'POST', '/v1/invitations/accept', { token: invitee.token, body: { token } });

    await invite();
    const first = suite.mailer.tokenFor(invitee.email)!;
    await invite('analyst');
    const second = suite.mailer.tokenFor(invitee.email)!;
    expect(second).not.toBe(first);
    expect((await accept(first)).status).toBe(404); // replaced by the second invitation

    const { body } = await callApi<{ invitations: { id: string }[] }>(
      suite.app,
      'GET',
      '/v1/organization/invitations',
      {
        token: admin.token,
      },
    );
    const revoked = await callApi(
      suite.app,
      'DELETE',
      `/v1/organization/invitations/${body.invitations[0]!.id}`,
      {
        token: admin.token,
      },
    );
    expect(revoked.status).toBe(204);
    expect((await accept(second)).status).toBe(404);

    await invite();
    await suite.postgres.query(
      "UPDATE invitations SET expires_at = now() - interval '1 second' WHERE email = $1",
      [invitee.email],
    );
    expect((await accept(suite.mailer.tokenFor(invitee.email))).status).toBe(404);

    // Only an owner makes owners, by invitation too.
    const secondAdmin = await signUp(suite.app);
    await callApi(suite.app, 'POST', '/v1/organization/invitations', {
      token: admin.token,
      body: { email: secondAdmin.email, role: 'admin' },
    });
    await callApi(suite.app, 'POST', '/v1/invitations/accept', {
      token: secondAdmin.token,
      body: { token: suite.mailer.tokenFor(secondAdmin.email) },
    });
    const asAdmin = await callApi<{ access_token: string }>(suite.app, 'POST', '/v1/auth/login', {
      body: {
        email: secondAdmin.email,
        password: secondAdmin.password,
        organization_id: admin.organizationId,
      },
    });
    const ownerByAdmin = await invite('owner', asAdmin.body.access_token);
    expect([ownerByAdmin.status, code(ownerByAdmin.body)]).toEqual([403, 'FORBIDDEN']);
    expect((await invite('owner')).status).toBe(202);
  });
});
