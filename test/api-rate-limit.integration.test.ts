import { createRedis } from '../platform/clients/redis';
import { type RunningApp, callApi, setPlan, signUp, startApp } from './support/app';

describe('API rate limits', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ ROLES: 'api' });
  });
  afterAll(() => app?.stop());

  it('allows a Free caller 100 requests a minute, says so in RateLimit headers, then answers 429 with Retry-After', async () => {
    const account = await signUp(app);
    const remaining: number[] = [];
    for (let i = 0; i < 100; i += 1) {
      const { status, headers } = await callApi(app, 'GET', '/v1/me', { token: account.token });
      expect(status).toBe(200);
      remaining.push(Number(headers.get('ratelimit-remaining')));
    }
    expect(remaining.slice(0, 3)).toEqual([99, 98, 97]);
    expect(remaining.at(-1)).toBe(0);
    const limited = await callApi(app, 'GET', '/v1/me', { token: account.token });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: { code: 'RATE_LIMITED', details: { limit: 100 } } });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get('ratelimit-limit')).toBe('100');

    const other = await signUp(app); // limits are per caller
    expect((await callApi(app, 'GET', '/v1/me', { token: other.token })).status).toBe(200);
  });

  it('keeps counting after Redis forgets its scripts (a restart, SCRIPT FLUSH): they are sent again', async () => {
    const account = await signUp(app);
    const first = await callApi(app, 'GET', '/v1/me', { token: account.token });
    const redis = createRedis(app.config.redis);
    await redis.connect();
    try {
      await redis.script('FLUSH');
    } finally {
      redis.disconnect();
    }
    const second = await callApi(app, 'GET', '/v1/me', { token: account.token });
    expect(second.status).toBe(200);
    expect(Number(second.headers.get('ratelimit-remaining'))).toBe(
      Number(first.headers.get('ratelimit-remaining')) - 1,
    );
  });

  it('gives each plan its own limit', async () => {
    const account = await signUp(app);
    await setPlan(app, account.organizationId, 'enterprise');
    const { headers } = await callApi(app, 'GET', '/v1/me', { token: account.token });
    expect(headers.get('ratelimit-limit')).toBe('1000');
  });

  it('limits anonymous routes per client address, so passwords and tokens cannot be guessed at speed', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i += 1) {
      const { status } = await callApi(app, 'POST', '/v1/auth/refresh', {
        body: { refresh_token: `guess-${i}-aaaaaaaaaaaaaaaaaaaa` },
      });
      statuses.push(status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});
