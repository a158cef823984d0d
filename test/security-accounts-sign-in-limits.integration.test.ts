import { createRedis } from '../platform/clients/redis';
import { type RunningApp, callApi, signUp, startApp, code } from './support/app';
import { uniqueName } from './support/isolation';

describe('failed sign-ins are limited per account and per address, with backoff (issue 16, finding 9)', () => {
  let app: RunningApp;
  let redis: ReturnType<typeof createRedis>;
  const login = (email: string, password: string) =>
    callApi(app, 'POST', '/v1/auth/login', { body: { email, password } });
  /**
   * Ends every block and count of this app, as if the windows had passed; the per-minute request
   * limit of the address too, which the tests together would pass.
   */
  const forgetFailures = async () => {
    const prefix = app.config.kafka.topicPrefix;
    const keys = [
      ...(await redis.keys(`${prefix}auth:sign-in-*`)),
      ...(await redis.keys(`${prefix}ratelimit:ip:*`)),
    ];
    if (keys.length > 0) await redis.del(...keys);
  };
  /** Ends the blocks only: the counts stay, as when a block runs out within the window. */
  const endBlocks = async () => {
    const keys = await redis.keys(`${app.config.kafka.topicPrefix}auth:sign-in-block:*`);
    if (keys.length > 0) await redis.del(...keys);
  };

  beforeAll(async () => {
    app = await startApp({ ROLES: 'api' });
    redis = createRedis(app.config.redis);
    await redis.connect();
  });
  beforeEach(() => forgetFailures());
  afterAll(async () => {
    redis?.disconnect();
    await app?.stop();
  });

  it('blocks an account after 5 failures, even its right password, with a Retry-After that grows', async () => {
    const account = await signUp(app);
    for (let i = 0; i < 5; i++) expect((await login(account.email, 'wrong password')).status).toBe(401);
    const blocked = await login(account.email, account.password);
    expect([blocked.status, code(blocked.body)]).toEqual([429, 'RATE_LIMITED']);
    const first = Number(blocked.headers.get('retry-after'));
    expect(first).toBeGreaterThanOrEqual(25);
    expect(first).toBeLessThanOrEqual(30);

    // The block runs out; the next failure blocks for twice as long.
    await endBlocks();
    expect((await login(account.email, 'wrong again')).status).toBe(401);
    const longer = await login(account.email, account.password);
    expect(longer.status).toBe(429);
    expect(Number(longer.headers.get('retry-after'))).toBeGreaterThan(first + 20);

    // Another account from the same address is not blocked by it.
    const other = await signUp(app);
    expect((await login(other.email, other.password)).status).toBe(200);
  });

  it('blocks unknown emails alike, so the limit tells nothing about which accounts exist', async () => {
    const unknown = `${uniqueName('nobody-')}@example.com`;
    for (let i = 0; i < 5; i++) expect((await login(unknown, 'any password')).status).toBe(401);
    expect((await login(unknown, 'any password')).status).toBe(429);
  });

  it('forgives an account its failures on a correct password', async () => {
    const account = await signUp(app);
    for (let i = 0; i < 4; i++) await login(account.email, 'wrong password');
    expect((await login(account.email, account.password)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login(account.email, 'wrong password')).status).toBe(401);
    expect((await login(account.email, account.password)).status).toBe(200);
  });

  it('blocks an address after 10 failures across accounts, right passwords included', async () => {
    const victim = await signUp(app);
    for (let i = 0; i < 10; i++) {
      expect((await login(`${uniqueName('guess-')}@example.com`, 'password123')).status).toBe(401);
    }
    const blocked = await login(victim.email, victim.password);
    expect([blocked.status, code(blocked.body)]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
