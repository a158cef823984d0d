import { randomInt } from 'node:crypto';
import { createRedis } from '../platform/clients/redis';
import { type RunningApp, getJson, startApp, useAccount } from './support/app';

/**
 * Issue 16, finding 7: cache keys carried `from` and `to` to the millisecond, so 60 requests with
 * different milliseconds made 60 cached answers, in the Redis that also holds sessions and rate
 * limits (`noeviction`: a full Redis refuses sign-ins). Keys now come from periods rounded to the
 * granularity, and answers live in a Redis of their own, bounded, that evicts answers only.
 */
describe('security: query cache flooding', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ ROLES: 'api' });
  });
  afterAll(() => app?.stop());

  const cacheKeys = async (channel: string) => {
    const redis = createRedis(app.config.cache.redis);
    await redis.connect();
    try {
      return await redis.keys(`sa:metrics:v2:${channel}:*`);
    } finally {
      redis.disconnect();
    }
  };

  it('answers requests whose periods differ by milliseconds within a window from one cache entry', async () => {
    const channel = `telegram:-100${randomInt(1e9, 9e9)}`;
    await useAccount(app, 'enterprise', [channel]);
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000;
    const answers = new Set<string>();
    for (let i = 0; i < 60; i += 1) {
      const from = new Date(hour + 1 + i * 997).toISOString(); // 60 different milliseconds, one hour
      const to = new Date(hour + 3_600_000 + 1 + i * 13).toISOString();
      const { status, body } = await getJson(
        app,
        `/v1/channels/${channel}/metrics?granularity=hour&from=${from}&to=${to}`,
      );
      expect(status).toBe(200);
      answers.add(JSON.stringify(body));
    }
    expect(await cacheKeys(channel)).toHaveLength(1);
    expect(answers.size).toBe(1); // the answer says which whole windows it covers
    const [answer] = [...answers].map((text) => JSON.parse(text) as { from: string; to: string });
    expect(answer).toMatchObject({
      from: new Date(hour).toISOString(),
      to: new Date(hour + 2 * 3_600_000).toISOString(),
    });
  });

  it('keeps the answer cache in a bounded keyspace that evicts, apart from sessions and rate limits', async () => {
    const info = async (config: { url: string }) => {
      const redis = createRedis(config);
      await redis.connect();
      try {
        const [, maxmemory] = (await redis.config('GET', 'maxmemory')) as [string, string];
        const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as [string, string];
        const port = (await redis.info('server')).match(/tcp_port:(\d+)/)![1];
        return { maxmemory: Number(maxmemory), policy, port };
      } finally {
        redis.disconnect();
      }
    };
    const cache = await info(app.config.cache.redis);
    const sessions = await info(app.config.redis);
    expect(cache.maxmemory).toBeGreaterThan(0);
    expect(cache.policy).toBe('volatile-lru');
    expect(cache.port).not.toBe(sessions.port); // its own instance: maxmemory is per instance
    expect(sessions.policy).toBe('noeviction'); // sessions and rate limits are never evicted
  });
});
