import { WindowSink } from '../connectors/clickhouse/activity-sink';
import { ContentSink } from '../connectors/clickhouse/content-sink';
import { GroupActivitySink } from '../connectors/clickhouse/group-activity-sink';
import { ensureTopics } from '../connectors/kafka/ensure-topics';
import { TelegramChatDirectory } from '../connectors/telegram/chat-directory';
import { openIntake } from '../connectors/intake';
import { toUpdateRecord } from '../connectors/telegram/update-record';
import { updateKey } from '../schemas/records/telegram-update';
import { createClickHouse, queryRows } from '../platform/clients/clickhouse';
import { createKafka } from '../platform/clients/kafka';
import { createPostgres } from '../platform/clients/postgres';
import { type Config, loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { createMetrics } from '../platform/metrics';
import { migrateClickHouse } from '../schemas/clickhouse/migrate';
import { migratePostgres } from '../schemas/postgres/migrate';
import { AvroSerde } from '../schemas/serde/avro-serde';
import { TOPICS, TopicNames } from '../schemas/topics';
import { ProcessorsRole } from '../topologies/role';
import { activityWorkload, type Counted } from './support/activity-workload';
import { eventually } from './support/eventually';
import { isolatedVariables } from './support/isolation';
import { deleteTopicsWithPrefix } from './support/topic-cleanup';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

/**
 * The processors in this process, as the runtime composes them, against the real stack. Each
 * instance has its own Kafka client, metrics and state directory; they share ClickHouse (embedded
 * chdb allows one process per directory, so a second processors process could not open it).
 */
class Harness {
  readonly config: Config;
  readonly clickhouse;
  readonly postgres;
  private readonly intake;
  private readonly logger = createLogger('warn');
  private readonly topics: TopicNames;

  constructor(partitions: number, streamThreads: number) {
    this.config = loadConfig({
      ...isolatedVariables(),
      NODE_ENV: 'test',
      KAFKA_TOPIC_PARTITIONS: String(partitions),
      PROCESSOR_STREAM_THREADS: String(streamThreads),
    });
    this.clickhouse = createClickHouse(this.config.clickhouse);
    this.postgres = createPostgres(this.config.postgres);
    this.intake = openIntake(this.config, this.logger);
    this.topics = new TopicNames(this.config.kafka.topicPrefix);
  }

  async prepare(): Promise<void> {
    const admin = createKafka(this.config.kafka, this.logger).admin();
    await admin.connect();
    await ensureTopics(admin, this.topics.specs(this.config.kafka.topicPartitions));
    await admin.disconnect();
    await migrateClickHouse(this.clickhouse, this.config.clickhouse.database);
    await migratePostgres(this.postgres);
  }

  /** A processors instance (the role the runtime would start), joined to the content group. */
  async processors(): Promise<ProcessorsRole> {
    const config = {
      ...this.config,
      kafka: { ...this.config.kafka, processorStateDir: mkdtempSync(join(tmpdir(), 'sa-streams-')) },
    };
    const metrics = createMetrics();
    const role = new ProcessorsRole({
      config,
      kafka: createKafka(config.kafka, this.logger),
      topics: this.topics,
      serde: new AvroSerde(config.schemaRegistry.url, this.topics),
      tables: {
        content: new ContentSink(this.clickhouse, config.clickhouse.database, metrics, 30),
        windows: new WindowSink(this.clickhouse, config.clickhouse.database, metrics),
        groups: new GroupActivitySink(this.clickhouse, config.clickhouse.database, metrics),
        chats: new TelegramChatDirectory(this.postgres),
      },
      postgres: this.postgres,
      metrics,
      logger: this.logger,
      onWindowsUpdated: async () => undefined,
      onFatal: (error) => {
        throw error;
      },
    });
    await role.start();
    return role;
  }

  /** Stores updates as the webhook would: Avro records on the updates topic, keyed by chat. */
  async send(updates: readonly object[]): Promise<void> {
    const topic = this.topics.of(TOPICS.telegramUpdates);
    for (let i = 0; i < updates.length; i += 50) {
      const messages = await Promise.all(
        updates.slice(i, i + 50).map(async (update) => {
          const record = toUpdateRecord(update, JSON.stringify(update), new Date(T0));
          return {
            key: updateKey(record),
            value: await this.intake.serde.encode(TOPICS.telegramUpdates, record),
          };
        }),
      );
      await this.intake.producer.send(topic, messages);
    }
  }

  /** What `channel_metrics` holds, in the workload's keys, for windows where something happened. */
  async windows(): Promise<Map<string, Counted>> {
    const rows = await queryRows<{ key: string; posts: number; edits: number; reactions: number }>(
      this.clickhouse,
      {
        query: `
          SELECT concat(channel_id, '@', granularity, '@', toString(toUnixTimestamp(window_start) * 1000)) AS key,
                 posts, edits, reactions
          FROM ${this.config.clickhouse.database}.channel_metrics FINAL
          WHERE source = 'telegram' AND (posts != 0 OR edits != 0 OR reactions != 0)`,
        clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
      },
    );
    return new Map(
      rows.map((row) => [
        row.key,
        { posts: Number(row.posts), edits: Number(row.edits), reactions: Number(row.reactions) },
      ]),
    );
  }

  /** Waits until ClickHouse holds the truth; answers what it holds then (or at the timeout). */
  async settled(truth: Map<string, Counted>): Promise<Map<string, Counted>> {
    const same = (windows: Map<string, Counted>) =>
      JSON.stringify(sorted(windows)) === JSON.stringify(sorted(truth));
    return eventually(() => this.windows(), same, 120_000).catch(() => this.windows());
  }

  /** Closes every client, whatever fails first, so the next suite can open its own chdb. */
  async close(): Promise<void> {
    const results = await Promise.allSettled([
      this.intake.close(),
      this.clickhouse
        .command({ query: `DROP DATABASE IF EXISTS ${this.config.clickhouse.database}` })
        .finally(() => this.clickhouse.close()),
      this.postgres.end(),
      deleteTopicsWithPrefix(this.config.kafka.topicPrefix),
    ]);
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }
}

const sorted = (windows: Map<string, Counted>) => [...windows].sort(([a], [b]) => a.localeCompare(b));

describe.each([1, 2])('channel-activity on the real stack (%i stream threads)', (streamThreads) => {
  it('a replay with redeliveries, edits, reactions, out-of-order and late posts equals the ground truth', async () => {
    const harness = new Harness(2, streamThreads);
    await harness.prepare();
    const { updates, truth } = activityWorkload({
      channels: [-1001200000001, -1001200000002, -1001200000003],
      posts: 600,
      start: T0,
      seed: 1,
    });
    const processors = await harness.processors();
    try {
      await harness.send(updates);
      expect(sorted(await harness.settled(truth))).toEqual(sorted(truth));
    } finally {
      await processors.stop().finally(() => harness.close());
    }
  });

  it('a second processors instance joins and leaves mid-stream, and the totals stay exact', async () => {
    const harness = new Harness(4, streamThreads);
    await harness.prepare();
    const { updates, truth } = activityWorkload({
      channels: [-1001300000001, -1001300000002, -1001300000003, -1001300000004, -1001300000005],
      posts: 900,
      start: T0,
      seed: 2,
    });
    const third = Math.ceil(updates.length / 3);
    const first = await harness.processors();
    try {
      await harness.send(updates.slice(0, third));
      const second = await harness.processors(); // joins: the group rebalances while records flow
      try {
        await harness.send(updates.slice(third, 2 * third));
        await new Promise((resolve) => setTimeout(resolve, 3_000));
      } finally {
        await second.stop(); // leaves: its tasks move back to the first instance
      }
      await harness.send(updates.slice(2 * third));
      expect(sorted(await harness.settled(truth))).toEqual(sorted(truth));
    } finally {
      await first.stop().finally(() => harness.close());
    }
  });
});
