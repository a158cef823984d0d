import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../platform/config';

/** A short random suffix for names a test owns (topics, groups, databases, buckets, subjects). */
export function uniqueName(prefix: string): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

/**
 * The variables that give one test its own share of the local stack: topic prefix, consumer
 * groups, chdb directory, ClickHouse database and S3 bucket, all under one random id, and the
 * PostgreSQL test database (shared; tests keep apart by their own rows).
 */
export function isolatedVariables(): Record<string, string> {
  const id = uniqueName('');
  return {
    KAFKA_TOPIC_PREFIX: `test-${id}.`,
    PROCESSOR_GROUP_ID: `test-${id}.channel-content`,
    BILLING_GROUP_ID: `test-${id}.subscription-state`,
    ARCHIVE_GROUP_ID: `test-${id}.raw-archive`,
    CLICKHOUSE_PATH: mkdtempSync(join(tmpdir(), 'sa-chdb-')),
    PROCESSOR_STATE_DIR: mkdtempSync(join(tmpdir(), 'sa-streams-')),
    CLICKHOUSE_DATABASE: `test_${id}`,
    DATABASE_URL: 'postgres://social:social@127.0.0.1:15432/social_analytics_test',
    S3_BUCKET: `test-${id}`,
  };
}

/**
 * A configuration for one test against the local stack: its own topic prefix, consumer group,
 * chdb directory and ClickHouse database, the PostgreSQL test database, ephemeral HTTP ports.
 */
export function isolatedConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    HTTP_PORT: '0',
    OPS_PORT: '0',
    KAFKA_TOPIC_PARTITIONS: '2',
    ...isolatedVariables(),
    ...overrides,
  });
}
