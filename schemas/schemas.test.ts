import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Type, type Schema } from 'avsc';
import { ddlStatements } from './clickhouse/migrate';
import { TOPICS, TopicNames, VALUE_SCHEMA_FILES } from './topics';

describe('data contracts', () => {
  it.each(Object.values(TOPICS))('%s has a valid Avro schema with a doc on every field', (topic) => {
    const schema = JSON.parse(readFileSync(join(__dirname, 'avro', VALUE_SCHEMA_FILES[topic]), 'utf8')) as {
      fields: { name: string; doc?: string }[];
    };
    expect(() => Type.forSchema(schema as Schema)).not.toThrow();
    for (const field of schema.fields) expect(field.doc).toEqual(expect.any(String));
  });

  it('names topics with the configured prefix and a .dlq twin for each', () => {
    const names = new TopicNames('test-x.');
    expect(names.of(TOPICS.telegramUpdates)).toBe('test-x.social.telegram.updates.v1');
    expect(names.specs(4).map((s) => [s.name, s.partitions])).toEqual([
      ['test-x.social.telegram.updates.v1', 4],
      ['test-x.social.telegram.updates.v1.dlq', 1],
      ['test-x.billing.stripe.events.v1', 4],
      ['test-x.billing.stripe.events.v1.dlq', 1],
      ['test-x.social.channel-stats.v1', 4],
      ['test-x.social.channel-stats.v1.dlq', 1],
      ['test-x.social.twitter.tweets.v1', 4],
      ['test-x.social.twitter.tweets.v1.dlq', 1],
      ['test-x.social.posts.v1', 4],
      ['test-x.social.posts.v1.dlq', 1],
      ['test-x.social.engagement.v1', 4],
      ['test-x.social.engagement.v1.dlq', 1],
    ]);
  });

  it('splits the ClickHouse DDL into statements for the chosen database', () => {
    const statements = ddlStatements('analytics_db');
    expect(statements.length).toBeGreaterThanOrEqual(2);
    for (const statement of statements) {
      expect(statement).toMatch(/^(CREATE TABLE IF NOT EXISTS|ALTER TABLE) analytics_db\./);
      expect(statement).not.toContain('{database}');
    }
  });
});
