import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { MetricsCache } from '../api/queries/metrics-cache';
import { DeadLetterWriter } from '../connectors/kafka/dead-letters';
import { RecordProducer } from '../connectors/kafka/record-producer';
import { createClickHouse } from '../platform/clients/clickhouse';
import { connectOnce } from '../platform/clients/connect-once';
import { createKafka } from '../platform/clients/kafka';
import { createMailer, type Mailer } from '../platform/clients/mail';
import { createPostgres } from '../platform/clients/postgres';
import { createRedis } from '../platform/clients/redis';
import { createS3 } from '../platform/clients/s3';
import type { Config } from '../platform/config';
import { CHECK_TIMEOUT_MS, type DependencyCheck } from '../platform/health';
import type { Logger } from '../platform/logger';
import { createMetrics } from '../platform/metrics';
import type { Dependency } from '../platform/role';
import { AvroSerde } from '../schemas/serde/avro-serde';
import { TopicNames } from '../schemas/topics';

/**
 * The clients of the stack, made once per process and shared by its roles, with a readiness check
 * for each dependency. `close()` closes them all; the roles close none.
 */
export class StackClients {
  readonly metrics = createMetrics();
  readonly kafka;
  readonly topics: TopicNames;
  readonly serde: AvroSerde;
  readonly producer: RecordProducer;
  readonly deadLetters: DeadLetterWriter;
  readonly clickhouse;
  readonly postgres;
  /** Sessions, rate limits, pub/sub. */
  readonly redis;
  /** The query cache's own Redis (bounded, evicting). */
  readonly cacheRedis;
  readonly s3;
  readonly mailer: Mailer;
  /** Metric answers cached for the API; the processors drop those they make stale. */
  readonly cache: MetricsCache;
  /** One admin client for the process: topic bootstrap and the readiness check share it. */
  readonly admin;
  readonly adminConnection;

  /** `mailer` replaces the mailer made from config (tests capture mail with it). */
  constructor(
    private readonly config: Config,
    logger: Logger,
    mailer?: Mailer,
  ) {
    this.kafka = createKafka(config.kafka, logger);
    this.topics = new TopicNames(config.kafka.topicPrefix);
    this.serde = new AvroSerde(config.schemaRegistry.url, this.topics);
    this.producer = new RecordProducer(this.kafka, config.kafka.produceTimeoutMs, this.metrics);
    this.deadLetters = new DeadLetterWriter(this.producer, this.topics, this.metrics);
    this.clickhouse = createClickHouse(config.clickhouse, this.metrics);
    this.postgres = createPostgres(config.postgres, this.metrics);
    this.redis = createRedis(config.redis, this.metrics, 'redis');
    this.cacheRedis = createRedis(config.cache.redis, this.metrics, 'redis-cache');
    this.s3 = createS3(config.s3, this.metrics);
    this.mailer = mailer ?? createMailer(config.mail, config.env, logger.child({ component: 'mail' }));
    this.admin = this.kafka.admin();
    this.adminConnection = connectOnce(() => this.admin.connect());
    this.cache = new MetricsCache(
      this.cacheRedis,
      this.redis,
      this.metrics,
      logger.child({ component: 'metrics-cache' }),
    );
  }

  /** A readiness check for each dependency. */
  checks(): Record<Dependency, DependencyCheck> {
    return {
      kafka: async () => {
        await this.adminConnection.ensure();
        await this.admin.describeCluster();
      },
      schema_registry: async () => {
        // A small fixed answer, read to the end. This read `/subjects` without reading it: as the
        // registry grew, the unread body held its socket, and a stopped process stayed up.
        const response = await fetch(`${this.config.schemaRegistry.url}/schemas/types`, {
          signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
        });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
      },
      clickhouse: async () => {
        const result = await this.clickhouse.ping();
        if (!result.success) throw result.error;
      },
      postgres: () => this.postgres.query('SELECT 1'),
      redis: () => this.redis.ping(),
      s3: () => this.s3.send(new HeadBucketCommand({ Bucket: this.config.s3.bucket })),
    };
  }

  /** After the roles have stopped: flushes the producer, then closes every client. */
  async close(): Promise<void> {
    await this.producer.close();
    this.mailer.close();
    this.adminConnection.reset();
    await Promise.allSettled([
      this.admin.disconnect(),
      this.clickhouse.close(),
      this.postgres.end(),
      this.redis.quit(),
      this.cacheRedis.quit(),
      Promise.resolve(this.s3.destroy()),
    ]);
  }
}
