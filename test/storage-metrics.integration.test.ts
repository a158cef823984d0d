import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { createPostgres, inTransaction } from '../platform/clients/postgres';
import { createRedis } from '../platform/clients/redis';
import { createS3 } from '../platform/clients/s3';
import { createMetrics } from '../platform/metrics';
import { isolatedConfig } from './support/isolation';

const NAME = 'social_analytics_storage_call_duration_seconds';

/** The call counts of the storage histogram, one line per store, operation and outcome. */
async function counts(metrics: ReturnType<typeof createMetrics>): Promise<string[]> {
  const text = await metrics.registry.getSingleMetricAsString(NAME);
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${NAME}_count`))
    .map((line) => line.slice(`${NAME}_count`.length));
}

/** Every PostgreSQL, Redis and S3 call is timed by store, operation and outcome, against the real stack. */
describe('storage call metrics', () => {
  const config = isolatedConfig();

  it('times PostgreSQL queries, transactions included, by statement kind and outcome', async () => {
    const metrics = createMetrics();
    const postgres = createPostgres(config.postgres, metrics);
    try {
      await postgres.query('SELECT 1');
      await inTransaction(postgres, (client) => client.query('SELECT 2'));
      await expect(postgres.query('SELECT * FROM no_such_table')).rejects.toThrow();
    } finally {
      await postgres.end();
    }
    expect(await counts(metrics)).toEqual(
      expect.arrayContaining([
        '{store="postgresql",operation="SELECT",outcome="ok"} 2',
        '{store="postgresql",operation="BEGIN",outcome="ok"} 1',
        '{store="postgresql",operation="COMMIT",outcome="ok"} 1',
        '{store="postgresql",operation="SELECT",outcome="error"} 1',
      ]),
    );
  });

  it('times Redis commands by command, for each Redis by its name', async () => {
    const metrics = createMetrics();
    const redis = createRedis(config.cache.redis, metrics, 'redis-cache');
    try {
      await redis.connect();
      await redis.set('storage-metrics-test', '1', 'EX', 10);
      await redis.get('storage-metrics-test');
    } finally {
      redis.disconnect();
    }
    expect(await counts(metrics)).toEqual(
      expect.arrayContaining([
        '{store="redis-cache",operation="set",outcome="ok"} 1',
        '{store="redis-cache",operation="get",outcome="ok"} 1',
      ]),
    );
  });

  it('times S3 calls by command and outcome', async () => {
    const metrics = createMetrics();
    const s3 = createS3(config.s3, metrics);
    try {
      await expect(s3.send(new HeadBucketCommand({ Bucket: config.s3.bucket }))).rejects.toThrow();
    } finally {
      s3.destroy();
    }
    expect(await counts(metrics)).toEqual(['{store="s3",operation="HeadBucketCommand",outcome="error"} 1']);
  });
});
