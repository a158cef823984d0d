import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from './config';
import { AppError } from './errors';
import { DEFAULTED_SECRET_VARIABLES } from '../test/support/published-secrets';

/** ops/stack.env as a map: the ports and credentials the local stack really uses. */
function stackEnv(): Record<string, string> {
  const text = readFileSync(join(__dirname, '..', 'ops', 'stack.env'), 'utf8');
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.split('=') as [string, string]),
  );
}

/** The local stack's scripts say development; the defaults are for it. */
const DEV = { NODE_ENV: 'development' };

describe('loadConfig', () => {
  it('defaults to the local stack that ops/stack.sh starts', () => {
    const stack = stackEnv();
    const config = loadConfig(DEV);
    expect(config.roles).toEqual(['api', 'connectors', 'processors']);
    expect(config.kafka.brokers).toEqual([`127.0.0.1:${stack.KAFKA_PORT}`]);
    expect(config.schemaRegistry.url).toBe(`http://127.0.0.1:${stack.REGISTRY_PORT}/apis/ccompat/v7`);
    expect(config.s3.endpoint).toBe(`http://127.0.0.1:${stack.MINIO_PORT}`);
    expect(config.s3.accessKeyId).toBe(stack.MINIO_ROOT_USER);
    expect(config.s3.secretAccessKey).toBe(stack.MINIO_ROOT_PASSWORD);
    expect(config.postgres.url).toBe(
      `postgres://${stack.POSTGRES_USER}:${stack.POSTGRES_PASSWORD}@127.0.0.1:${stack.POSTGRES_PORT}/social_analytics`,
    );
    expect(config.redis.url).toBe(`redis://127.0.0.1:${stack.REDIS_PORT}/0`);
    expect(config.cache.redis.url).toBe(`redis://127.0.0.1:${stack.REDIS_CACHE_PORT}/0`);
    expect(config.stripe.apiUrl).toBe(`http://127.0.0.1:${stack.STRIPE_MOCK_PORT}`);
    expect(config.clickhouse.url).toBeUndefined();
  });

  it('reads roles as a list and treats empty variables as unset', () => {
    const config = loadConfig({
      ...DEV,
      ROLES: 'api, processors,api',
      CLICKHOUSE_URL: '',
      HTTP_PORT: '9000',
    });
    expect(config.roles).toEqual(['api', 'processors']);
    expect(config.clickhouse.url).toBeUndefined();
    expect(config.http.port).toBe(9000);
  });

  it('refuses bad values with CONFIG_INVALID, naming every bad variable', () => {
    let caught: unknown;
    try {
      loadConfig({ ...DEV, ROLES: 'api,web', HTTP_PORT: 'eighty', CLICKHOUSE_DATABASE: 'x; DROP TABLE y' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    const error = caught as AppError;
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/ROLES/);
    expect(error.message).toMatch(/HTTP_PORT/);
    expect(error.message).toMatch(/CLICKHOUSE_DATABASE/);
  });

  it('lists every variable it reads in .env.example', () => {
    const example = readFileSync(join(__dirname, '..', '.env.example'), 'utf8');
    const source = readFileSync(join(__dirname, 'config.ts'), 'utf8');
    const variables = [...source.matchAll(/^\s{2}([A-Z][A-Z0-9_]+): z\./gm)].map((m) => m[1]);
    expect(variables.length).toBeGreaterThan(20);
    for (const variable of variables) expect(example).toMatch(new RegExp(`^#?\\s?${variable}=`, 'm'));
  });

  it('reads HTTP_TRUST_PROXY as Express takes it: a hop count, true or false, or addresses', () => {
    const trust = (value?: string) =>
      loadConfig(value === undefined ? DEV : { ...DEV, HTTP_TRUST_PROXY: value }).http.trustProxy;
    expect([trust('1'), trust('true'), trust('false'), trust('10.0.0.0/8'), trust()]).toEqual([
      1,
      true,
      false,
      '10.0.0.0/8',
      'loopback',
    ]);
  });
});

/** Secrets a production deployment would set: none published, each long enough. */
const PRODUCTION: Record<string, string> = {
  JWT_SIGNING_KEYS: `prod-1:${'k'.repeat(48)}`,
  TELEGRAM_BOT_TOKEN: `123456789:${'A'.repeat(35)}`,
  TELEGRAM_WEBHOOK_SECRET: 't'.repeat(40),
  STRIPE_SECRET_KEY: `sk_live_${'s'.repeat(99)}`,
  STRIPE_API_URL: 'https://api.stripe.com',
  STRIPE_WEBHOOK_SECRET: `whsec_${'w'.repeat(32)}`,
  S3_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE12',
  S3_SECRET_ACCESS_KEY: 'x'.repeat(40),
  DATABASE_URL: 'postgres://social:a-real-password@db.internal:5432/social_analytics',
};

/** The CONFIG_INVALID that `source` is refused with (fails the test when it loads). */
function refusal(source: Record<string, string>): AppError {
  try {
    loadConfig(source);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('loadConfig in production (finding 1 of issue 16: default secrets worked in production)', () => {
  it('is production unless the environment says otherwise, and refuses every published default by name', () => {
    const error = refusal({});
    expect(error.code).toBe('CONFIG_INVALID');
    const named = (error.details as { problems: string[] }).problems.map((problem) => problem.split(':')[0]);
    expect(named.sort()).toEqual([...DEFAULTED_SECRET_VARIABLES].sort());
    for (const variable of DEFAULTED_SECRET_VARIABLES) expect(error.message).toContain(variable);
  });

  it('never puts a secret value in the message', () => {
    const { message } = refusal({ NODE_ENV: 'production' });
    for (const value of [
      'whsec_local',
      'local-webhook-secret',
      'sk_test_123',
      'social-analytics-secret',
      '12111',
    ])
      expect(message).not.toContain(value);
    const short = refusal({ ...PRODUCTION, STRIPE_WEBHOOK_SECRET: 'whsec_short-but-secret' });
    expect(short.message).toMatch(/STRIPE_WEBHOOK_SECRET: shorter than 32 characters/);
    expect(short.message).not.toContain('short-but-secret');
  });

  it('starts with real secrets, and then checks no response against its schema', () => {
    const config = loadConfig(PRODUCTION);
    expect(config.env).toBe('production');
    expect(config.http.checkResponses).toBe(false);
    expect(loadConfig({ ...PRODUCTION, API_CHECK_RESPONSES: 'true' }).http.checkResponses).toBe(true);
  });

  it.each([
    ['JWT_SIGNING_KEYS', `prod-1:${'k'.repeat(40)},local-1:local-development-signing-key-not-for-production`],
    ['TELEGRAM_BOT_TOKEN', '123:short'],
    ['TELEGRAM_WEBHOOK_SECRET', 'local-webhook-secret'],
    ['TELEGRAM_WEBHOOK_SECRET', 'a'.repeat(31)],
    ['STRIPE_SECRET_KEY', 'sk_test_123'],
    ['STRIPE_API_URL', 'http://127.0.0.1:12111'],
    ['STRIPE_API_URL', 'http://stripe.internal'],
    ['STRIPE_WEBHOOK_SECRET', 'whsec_local'],
    ['S3_ACCESS_KEY_ID', 'social-analytics'],
    ['S3_SECRET_ACCESS_KEY', 'social-analytics-secret'],
    ['S3_SECRET_ACCESS_KEY', 'minio123'],
    ['DATABASE_URL', 'postgres://social:social@db.internal:5432/social_analytics'],
  ])('refuses %s = %s, naming only that variable', (variable, value) => {
    const error = refusal({ ...PRODUCTION, [variable]: value });
    expect((error.details as { problems: string[] }).problems).toEqual([
      expect.stringMatching(`^${variable}: `),
    ]);
  });

  it("refuses a ClickHouse server reached as the default user's empty password", () => {
    const error = refusal({ ...PRODUCTION, CLICKHOUSE_URL: 'http://clickhouse:8123' });
    expect(error.message).toMatch(/CLICKHOUSE_PASSWORD/);
    expect(
      loadConfig({ ...PRODUCTION, CLICKHOUSE_URL: 'http://clickhouse:8123', CLICKHOUSE_PASSWORD: 'p' })
        .clickhouse.url,
    ).toBe('http://clickhouse:8123');
  });

  it('takes the published defaults in development and test, checking responses there', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).stripe.webhookSecret).toBe('whsec_local');
    expect(loadConfig({ NODE_ENV: 'test' }).http.checkResponses).toBe(true);
  });
});

describe('loadConfig of the HTTP listeners', () => {
  it('puts the operations endpoints on a port of their own, never the API port', () => {
    expect(loadConfig(DEV).ops.port).toBe(8081);
    expect(refusal({ ...DEV, HTTP_PORT: '9000', OPS_PORT: '9000' }).message).toMatch(/OPS_PORT/);
    expect(loadConfig({ ...DEV, HTTP_PORT: '0', OPS_PORT: '0' }).ops.port).toBe(0);
  });

  it('bounds how long a request may take to arrive, headers within the whole', () => {
    expect(loadConfig(DEV).http).toMatchObject({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 });
    expect(
      refusal({ ...DEV, HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' }).message,
    ).toMatch(/HTTP_HEADERS_TIMEOUT_MS/);
  });
});
