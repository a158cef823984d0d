import { type RunningApp, callApi, setPlan, signUp, startApp, code } from './support/app';
import { addSignedInMember } from './support/members';

/**
 * Issue 16, finding 3: authorization follows role changes and removals on the next request, not
 * when the access token expires. Reproduced with the tokens the member held before the change.
 */
describe('security: role changes and removals take effect at once', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ ROLES: 'api' });
  });
  afterAll(() => app?.stop());

  it('an owner demoted to viewer cannot use the old token to promote themself back or demote the owner', async () => {
    const owner = await signUp(app);
    const ownerMe = await callApi<{ user_id: string }>(app, 'GET', '/v1/me', { token: owner.token });
    const second = await addSignedInMember(app, owner, 'owner');
    const demoted = await callApi(app, 'PATCH', `/v1/organization/members/${second.userId}`, {
      token: owner.token,
      body: { role: 'viewer' },
    });
    expect(demoted.status).toBe(204);

    const promoteSelf = await callApi(app, 'PATCH', `/v1/organization/members/${second.userId}`, {
      token: second.token,
      body: { role: 'owner' },
    });
    expect([promoteSelf.status, code(promoteSelf.body)]).toEqual([403, 'FORBIDDEN']);
    const demoteOwner = await callApi(app, 'PATCH', `/v1/organization/members/${ownerMe.body.user_id}`, {
      token: second.token,
      body: { role: 'viewer' },
    });
    expect(demoteOwner.status).toBe(403);
    const me = await callApi(app, 'GET', '/v1/me', { token: second.token });
    expect(me).toMatchObject({ status: 200, body: { role: 'viewer' } });
    // A promotion takes effect at once too, with the same token.
    await callApi(app, 'PATCH', `/v1/organization/members/${second.userId}`, {
      token: owner.token,
      body: { role: 'admin' },
    });
    expect((await callApi(app, 'GET', '/v1/organization/members', { token: second.token })).status).toBe(200);
  });

  it('a removed member cannot use the old token to manage members or to create an admin key', async () => {
    const owner = await signUp(app);
    await setPlan(app, owner.organizationId, 'enterprise');
    const admin = await addSignedInMember(app, owner, 'admin');
    const bystander = await addSignedInMember(app, owner, 'viewer');
    const removed = await callApi(app, 'DELETE', `/v1/organization/members/${admin.userId}`, {
      token: owner.token,
    });
    expect(removed.status).toBe(204);

    const list = await callApi(app, 'GET', '/v1/organization/members', { token: admin.token });
    expect([list.status, code(list.body)]).toEqual([401, 'TOKEN_INVALID']);
    const removeOther = await callApi(app, 'DELETE', `/v1/organization/members/${bystander.userId}`, {
      token: admin.token,
    });
    expect([removeOther.status, code(removeOther.body)]).toEqual([401, 'TOKEN_INVALID']);
    // Adding themself back goes through an invitation now: refused before it is made.
    const invite = await callApi(app, 'POST', '/v1/organization/invitations', {
      token: admin.token,
      body: { email: admin.email, role: 'admin' },
    });
    expect([invite.status, code(invite.body)]).toEqual([401, 'TOKEN_INVALID']);
    const key = await callApi(app, 'POST', '/v1/api-keys', {
      token: admin.token,
      body: { name: 'backdoor', role: 'admin' },
    });
    expect([key.status, code(key.body)]).toEqual([401, 'TOKEN_INVALID']);
    // The removed member's sessions ended: the refresh token is refused too.
    const refresh = await callApi(app, 'POST', '/v1/auth/refresh', {
      body: { refresh_token: admin.refreshToken },
    });
    expect(refresh.status).toBe(401);
    const members = await callApi<{ members: { user_id: string }[] }>(
      app,
      'GET',
      '/v1/organization/members',
      {
        token: owner.token,
      },
    );
    expect(members.body.members.map((member) => member.user_id)).toEqual(
      expect.arrayContaining([bystander.userId]),
    );
    expect(members.body.members.map((member) => member.user_id)).not.toContain(admin.userId);
  });
});

describe('security: changes reach every replica on the next request', () => {
  let first: RunningApp;
  let second: RunningApp;
  beforeAll(async () => {
    // Two API replicas sharing one Redis keyspace and one database, as behind a load balancer.
    first = await startApp({ ROLES: 'api' });
    // Embedded chdb allows one data directory per process: the second shares the first's.
    second = await startApp({
      ROLES: 'api',
      KAFKA_TOPIC_PREFIX: first.config.kafka.topicPrefix,
      CLICKHOUSE_PATH: first.config.clickhouse.path,
      CLICKHOUSE_DATABASE: first.config.clickhouse.database,
    });
  });
  afterAll(async () => {
    await second?.runtime.stop(); // the directory is the first's to remove
    await first?.stop();
  });

  it('a demotion or a sign-out on one replica holds at once on another that trusted the session', async () => {
    const owner = await signUp(first);
    const admin = await addSignedInMember(first, owner, 'admin');
    // The second replica has seen the session live, and would trust it for a few seconds.
    expect((await callApi(second, 'GET', '/v1/organization/members', { token: admin.token })).status).toBe(
      200,
    );

    await callApi(first, 'PATCH', `/v1/organization/members/${admin.userId}`, {
      token: owner.token,
      body: { role: 'viewer' },
    });
    const demoted = await callApi(second, 'GET', '/v1/organization/members', { token: admin.token });
    expect([demoted.status, code(demoted.body)]).toEqual([403, 'FORBIDDEN']);

    expect((await callApi(second, 'GET', '/v1/me', { token: owner.token })).status).toBe(200);
    expect((await callApi(first, 'POST', '/v1/auth/logout', { token: owner.token })).status).toBe(204);
    const signedOut = await callApi(second, 'GET', '/v1/me', { token: owner.token });
    expect([signedOut.status, code(signedOut.body)]).toEqual([401, 'TOKEN_INVALID']);
  });
});
