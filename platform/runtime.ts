import { HeadBucketCommand } from '@aws-sdk/client-s3';
import express from 'express';
import helmet from 'helmet';
import type { Server } from 'node:http';
import { type Api, buildApi } from '../api/app';
import { errorHandler, notFound } from '../api/middleware/errors';
import { MetricsCache } from '../api/queries/metrics-cache';
import { FastReads, expressMessageClasses } from '../api/http/fast-reads';
import { ContentSink } from '../connectors/clickhouse/content-sink';
import { DeadLetterWriter } from '../connectors/kafka/dead-letters';
import { ensureTopics } from '../connectors/kafka/ensure-topics';
import { RecordProducer } from '../connectors/kafka/record-producer';
import { ensureBucket } from '../connectors/lake/ensure-bucket';
import { type Pollers, startPollers } from '../connectors/pollers';
import { TelegramChatDirectory } from '../connectors/telegram/chat-directory';
import { webhookRouters } from '../connectors/webhooks';
import { migrateClickHouse } from '../schemas/clickhouse/migrate';
import { migratePostgres } from '../schemas/postgres/migrate';
import { AvroSerde } from '../schemas/serde/avro-serde';
import { TOPICS, TopicNames } from '../schemas/topics';
import { ChannelContent } from '../topologies/channel-content';
import { SubscriptionState } from '../topologies/subscription-state';
import { createClickHouse } from './clients/clickhouse';
import { connectOnce } from './clients/connect-once';
import { createKafka } from './clients/kafka';
import { createMailer, type Mailer } from './clients/mail';
import { createPostgres } from './clients/postgres';
import { createRedis } from './clients/redis';
import { createS3 } from './clients/s3';
import type { Config } from './config';
import { AppError } from './errors';
import { CHECK_TIMEOUT_MS, healthRouter, livenessRouter } from './health';
import { closeHttp, listenHttp } from './http-server';
import type { Logger } from './logger';
import { createMetrics, type Metrics } from './metrics';

/**
 * Everything one process runs: the clients of the stack (created once), the roles chosen in
 * config, and the two HTTP servers that every role has: the public one (/healthz, plus the routes
 * of the api and connectors roles) and the operations one (/healthz, /readyz, /metrics). `stop()` stops intake first, then flushes, commits and closes.
 */
export class Runtime {
  readonly metrics: Metrics = createMetrics();
  private readonly kafka;
  private readonly topics: TopicNames;
  private readonly serde: AvroSerde;
  private readonly producer: RecordProducer;
  private readonly clickhouse;
  private readonly postgres;
  private readonly redis;
  /** The query cache's own Redis (bounded, evicting); `redis` keeps sessions, limits, pub/sub. */
  private readonly cacheRedis;
  private readonly s3;
  private readonly mailer: Mailer;
  private readonly cache: MetricsCache;
  private readonly deadLetters: DeadLetterWriter;
  /** One admin client for the process: topic bootstrap and the readiness check share it. */
  private readonly admin;
  private readonly adminConnection;
  private processor?: ChannelContent;
  private subscriptions?: SubscriptionState;
  private pollers?: Pollers;
  /** The API role's routes (tests read them), once listening. */
  api?: Api;
  private server?: Server;
  private opsServer?: Server;
  /** The operations port (`/readyz`, `/metrics`) once listening: OPS_PORT, or the system's choice for 0. */
  opsPort?: number;

  /** `options.mailer` replaces the mailer made from config (tests capture mail with it). */
  constructor(
    private readonly config: Config,
    private readonly logger: Logger,
    options: { mailer?: Mailer } = {},
  ) {
    this.kafka = createKafka(config.kafka, logger);
    this.topics = new TopicNames(config.kafka.topicPrefix);
    this.serde = new AvroSerde(config.schemaRegistry.url, this.topics);
    this.producer = new RecordProducer(this.kafka, config.kafka.produceTimeoutMs, this.metrics);
    this.clickhouse = createClickHouse(config.clickhouse);
    this.postgres = createPostgres(config.postgres);
    this.redis = createRedis(config.redis);
    this.cacheRedis = createRedis(config.cache.redis);
    this.s3 = createS3(config.s3);
    this.mailer =
      options.mailer ?? createMailer(config.mail, config.env, logger.child({ component: 'mail' }));
    this.admin = this.kafka.admin();
    this.adminConnection = connectOnce(() => this.admin.connect());
    this.deadLetters = new DeadLetterWriter(this.producer, this.topics, this.metrics);
    this.cache = new MetricsCache(
      this.cacheRedis,
      this.redis,
      this.metrics,
      logger.child({ component: 'metrics-cache' }),
    );
  }

  private has(role: Config['roles'][number]): boolean {
    return this.config.roles.includes(role);
  }

  /** Prepares what the chosen roles need, starts them, then listens; resolves with the bound port. */
  async start(): Promise<number> {
    await this.redis
      .connect()
      .catch((error: Error) => this.logger.warn({ err: error.message }, 'Redis not reachable yet'));
    // The cache fails open: without its Redis, answers come from ClickHouse every time.
    await this.cacheRedis
      .connect()
      .catch((error: Error) => this.logger.warn({ err: error.message }, 'cache Redis not reachable yet'));
    await this.bootstrap();
    if (this.has('processors')) {
      this.processor = new ChannelContent({
        kafka: this.kafka,
        groupId: this.config.kafka.processorGroupId,
        topics: this.topics,
        serde: this.serde,
        sink: new ContentSink(this.clickhouse, this.config.clickhouse.database, this.metrics),
        chats: new TelegramChatDirectory(this.postgres),
        deadLetters: this.deadLetters,
        metrics: this.metrics,
        logger: this.logger.child({ component: 'channel-content' }),
        onWindowsUpdated: (channels) => this.cache.invalidate(channels),
      });
      await this.processor.start();
      this.subscriptions = new SubscriptionState({
        kafka: this.kafka,
        groupId: this.config.stripe.groupId,
        topics: this.topics,
        serde: this.serde,
        postgres: this.postgres,
        prices: this.config.stripe.prices,
        deadLetters: this.deadLetters,
        metrics: this.metrics,
        logger: this.logger.child({ component: 'subscription-state' }),
      });
      await this.subscriptions.start();
    }
    if (this.has('connectors')) {
      this.pollers = startPollers({
        config: this.config,
        postgres: this.postgres,
        serde: this.serde,
        producer: this.producer,
        deadLetters: this.deadLetters,
        topics: this.topics,
        metrics: this.metrics,
        logger: this.logger,
      });
    }
    return this.listen();
  }

  private async bootstrap(): Promise<void> {
    await this.adminConnection.ensure();
    const created = await ensureTopics(this.admin, this.topics.specs(this.config.kafka.topicPartitions));
    if (created.length > 0) this.logger.info({ topics: created }, 'created topics');
    await ensureBucket(this.s3, this.config.s3.bucket);
    if (this.has('connectors')) await this.registerSchemas();
    if (this.has('api') || this.has('processors')) {
      await migrateClickHouse(this.clickhouse, this.config.clickhouse.database);
    }
    // The connectors read tracked channels, the API owns accounts, billing state is applied by the
    // processors: all need the tables.
    if (this.has('api') || this.has('connectors') || this.has('processors')) {
      const applied = await migratePostgres(this.postgres);
      if (applied.length > 0) this.logger.info({ migrations: applied }, 'applied PostgreSQL migrations');
    }
  }

  /**
   * An incompatible schema stops the start loudly. An unreachable registry does not: intake answers
   * 503 (so senders retry) and registration is retried on the next record.
   */
  private async registerSchemas(): Promise<void> {
    for (const topic of Object.values(TOPICS)) {
      try {
        await this.serde.register(topic);
      } catch (error) {
        if (!(error instanceof AppError) || !error.retriable) throw error;
        this.logger.warn(
          { topic, err: error.message },
          'schema not registered yet; will retry on first record',
        );
      }
    }
  }

  private async listen(): Promise<number> {
    const app = express();
    app.disable('x-powered-by');
    app.set('trust proxy', this.config.http.trustProxy);
    const securityHeaders = helmet();
    app.use(securityHeaders);
    app.use(livenessRouter()); // readiness and metrics are on the operations port only
    if (this.has('connectors')) {
      app.use(
        webhookRouters({
          config: this.config,
          serde: this.serde,
          producer: this.producer,
          deadLetters: this.deadLetters,
          topics: this.topics,
          redis: this.redis,
          metrics: this.metrics,
          logger: this.logger,
        }),
      );
    }
    if (this.has('api')) {
      this.api = buildApi({
        config: this.config,
        postgres: this.postgres,
        redis: this.redis,
        clickhouse: this.clickhouse,
        cache: this.cache,
        mailer: this.mailer,
        metrics: this.metrics,
        logger: this.logger,
      });
      app.use(this.api.router);
    }
    app.use(notFound);
    const onError = errorHandler(this.logger.child({ component: 'http' }));
    app.use(onError);
    const fastReads =
      this.api && new FastReads(this.api.handlers, { app, headers: securityHeaders, onError });
    const { host, port, headersTimeoutMs, requestTimeoutMs } = this.config.http;
    const ops = express();
    ops.disable('x-powered-by');
    ops.use(healthRouter(this.dependencyChecks(), this.metrics));
    const [api, operations] = await Promise.all([
      listenHttp(
        { host, port, headersTimeoutMs, requestTimeoutMs },
        (req, res) => {
          if (!fastReads?.handle(req, res)) app(req, res);
        },
        expressMessageClasses(app),
      ),
      listenHttp({ host, port: this.config.ops.port, headersTimeoutMs, requestTimeoutMs }, ops),
    ]);
    this.server = api.server;
    this.opsServer = operations.server;
    this.opsPort = operations.port;
    return api.port;
  }

  private dependencyChecks() {
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

  /** Graceful stop: no new requests, processors finish and commit, then every client closes. */
  async stop(): Promise<void> {
    this.api?.stop(); // live streams never end on their own: end them so the server can close
    await Promise.all([closeHttp(this.server), closeHttp(this.opsServer)]);
    await this.processor?.stop();
    await this.subscriptions?.stop();
    await this.pollers?.stop();
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
