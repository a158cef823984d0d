import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from './config';
import { AppError } from './errors';

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

describe('loadConfig', () => {
  it('defaults to the local stack that ops/stack.sh starts', () => {
    const stack = stackEnv();
    const config = loadConfig({});
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
    const config = loadConfig({ ROLES: 'api, processors,api', CLICKHOUSE_URL: '', HTTP_PORT: '9000' });
    expect(config.roles).toEqual(['api', 'processors']);
    expect(config.clickhouse.url).toBeUndefined();
    expect(config.http.port).toBe(9000);
  });

  it('refuses bad values with CONFIG_INVALID, naming every bad variable', () => {
    let caught: unknown;
    try {
      loadConfig({ ROLES: 'api,web', HTTP_PORT: 'eighty', CLICKHOUSE_DATABASE: 'x; DROP TABLE y' });
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
      loadConfig(value === undefined ? {} : { HTTP_TRUST_PROXY: value }).http.trustProxy;
    expect([trust('1'), trust('true'), trust('false'), trust('10.0.0.0/8'), trust()]).toEqual([
      1,
      true,
      false,
      '10.0.0.0/8',
      'loopback',
    ]);
  });
});
