import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createApiClient } from '../api/client';
import { type RunningApp, callApi, startApp, useAccount } from './support/app';
import { CLIENT_TYPES, clientTypes } from './support/client-types';

/**
 * The typed client (api/client) is generated from the served document: this test fails while
 * api/client/schema.ts is out of date, and `npm run api:client` (SA_WRITE_CLIENT_TYPES=1) writes it.
 */
describe('the typed API client', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ ROLES: 'api' });
  });
  afterAll(() => app?.stop());

  it('has types generated from the current OpenAPI document', async () => {
    const { body } = await callApi<object>(app, 'GET', '/openapi.json');
    const generated = await clientTypes(body);
    if (process.env.SA_WRITE_CLIENT_TYPES === '1') writeFileSync(CLIENT_TYPES, generated);
    const committed = existsSync(CLIENT_TYPES) ? readFileSync(CLIENT_TYPES, 'utf8') : '';
    // One line, not a diff of thousands: what to run is the message.
    expect(committed === generated ? 'up to date' : 'out of date: run npm run api:client').toBe('up to date');
  });

  it('calls the API with typed paths, parameters and answers', async () => {
    const channel = 'telegram:-1001777000201';
    const { token } = await useAccount(app, 'free', [channel]);
    const client = createApiClient(app.baseUrl, { headers: { authorization: `Bearer ${token}` } });
    const me = await client.GET('/v1/me');
    expect(me.data?.role).toBe('owner');
    const metrics = await client.GET('/v1/channels/{channel}/metrics', {
      params: { path: { channel }, query: { granularity: 'day' } },
    });
    expect(metrics.data).toMatchObject({ channel, granularity: 'day', windows: expect.any(Array) });
    const refused = await client.GET('/v1/channels/{channel}/metrics', {
      params: { path: { channel }, query: { granularity: 'hour' } },
    });
    expect([refused.response.status, refused.error?.error.code]).toEqual([402, 'PLAN_UPGRADE_REQUIRED']);
  });
});
