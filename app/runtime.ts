import { ApiRole } from '../api/role';
import { ensureTopics } from '../connectors/kafka/ensure-topics';
import { ensureBucket } from '../connectors/lake/ensure-bucket';
import { RawArchiveReader } from '../connectors/lake/raw-archive-reader';
import { RawArchiveWriter } from '../connectors/lake/raw-archive-writer';
import { ScheduledExports } from '../connectors/lake/scheduled-exports';
import { WriterSchemas } from '../connectors/lake/writer-schemas';
import { ConnectorsRole } from '../connectors/role';
import type { Mailer } from '../platform/clients/mail';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import type { Dependency, Role } from '../platform/role';
import { migrateClickHouse } from '../schemas/clickhouse/migrate';
import { migratePostgres } from '../schemas/postgres/migrate';
import { rawArchiveSources } from '../topologies/raw-archive';
import { ProcessorsRole } from '../topologies/role';
import type { ProcessorTables } from '../topologies/sink-ports';
import { WindowSink } from '../connectors/clickhouse/activity-sink';
import { ContentSink } from '../connectors/clickhouse/content-sink';
import { GroupActivitySink } from '../connectors/clickhouse/group-activity-sink';
import { TelegramChatDirectory } from '../connectors/telegram/chat-directory';
import { StackClients } from './clients';
import { type Servers, listenServers } from './servers';

/**
 * The composition root: one process's clients (made once), the roles that config names, and the
 * two servers every process has. `start()` prepares the stack, starts the roles, then listens;
 * `stop()` stops intake first, lets the processors finish and commit, then closes the clients.
 */
export class Runtime {
  private readonly clients: StackClients;
  /** The api role, when it runs (tests read its routes). */
  readonly api?: ApiRole;
  private readonly connectors?: ConnectorsRole;
  private readonly processors?: ProcessorsRole;
  /** The processed exports to the lake, with the processors (docs/lake.md). */
  private readonly lakeExports?: ScheduledExports;
  private servers?: Servers;
  /** The operations port (`/readyz`, `/metrics`) once listening: OPS_PORT, or the system's choice for 0. */
  opsPort?: number;

  /**
   * `options.mailer` replaces the mailer made from config (tests capture mail with it);
   * `options.onFatal` is told when a role fails beyond repair (default: the process stops, exit 1,
   * through its graceful stop, and the orchestrator starts it again).
   */
  constructor(
    private readonly config: Config,
    private readonly logger: Logger,
    options: { mailer?: Mailer; onFatal?: (error: Error) => void } = {},
  ) {
    const clients = new StackClients(config, logger, options.mailer);
    this.clients = clients;
    const has = (role: Config['roles'][number]) => config.roles.includes(role);
    const common = { config, metrics: clients.metrics, logger };
    const intake = {
      ...common,
      serde: clients.serde,
      topics: clients.topics,
      deadLetters: clients.deadLetters,
      postgres: clients.postgres,
    };
    if (has('processors')) {
      this.processors = new ProcessorsRole({
        ...intake,
        kafka: clients.kafka,
        tables: processorTables(config, clients),
        onWindowsUpdated: (channels) => clients.cache.invalidate(channels),
        onFatal: options.onFatal ?? stopTheProcess,
        rawArchive: rawArchive(config, clients, logger),
      });
      if (config.lake.exportIntervalMs > 0) {
        const { clickhouse, s3 } = clients;
        const deps = { clickhouse, database: config.clickhouse.database, s3, s3Config: config.s3 };
        this.lakeExports = new ScheduledExports(deps, config.lake.exportIntervalMs, logger);
      }
    }
    if (has('connectors')) {
      this.connectors = new ConnectorsRole({ ...intake, producer: clients.producer, redis: clients.redis });
    }
    if (has('api')) {
      this.api = new ApiRole({
        ...common,
        postgres: clients.postgres,
        redis: clients.redis,
        clickhouse: clients.clickhouse,
        cache: clients.cache,
        mailer: clients.mailer,
        lake: rawArchiveReader(config, clients),
      });
    }
  }

  get metrics(): Metrics {
    return this.clients.metrics;
  }

  /** The roles that run, in the order they start (processors first: they are ready for what intake stores). */
  private roles(): Role[] {
    return [this.processors, this.connectors, this.api].filter((role): role is NonNullable<typeof role> =>
      Boolean(role),
    );
  }

  /** What the running roles cannot work without: the databases to migrate. */
  private needs(): Set<Dependency> {
    return new Set(this.roles().flatMap((role) => role.needs));
  }

  /** Prepares what the roles need, starts them, then listens; resolves with the public port. */
  async start(): Promise<number> {
    const { redis, cacheRedis } = this.clients;
    await redis
      .connect()
      .catch((error: Error) => this.logger.warn({ err: error.message }, 'Redis not reachable yet'));
    // The cache fails open: without its Redis, answers come from ClickHouse every time.
    await cacheRedis
      .connect()
      .catch((error: Error) => this.logger.warn({ err: error.message }, 'cache Redis not reachable yet'));
    await this.bootstrap();
    for (const role of this.roles()) await role.start();
    this.lakeExports?.start();
    this.servers = await listenServers({
      config: this.config,
      logger: this.logger,
      metrics: this.clients.metrics,
      roles: this.roles(),
      api: this.api,
      // Every client the process holds, whatever its roles: an unready one fails readiness.
      checks: this.clients.checks(),
    });
    this.opsPort = this.servers.opsPort;
    return this.servers.port;
  }

  /** Topics and the lake bucket for every process; the migrations of the databases its roles need. */
  private async bootstrap(): Promise<void> {
    const { admin, adminConnection, s3, clickhouse, postgres } = this.clients;
    await adminConnection.ensure();
    const created = await ensureTopics(admin, this.clients.topics.specs(this.config.kafka.topicPartitions));
    if (created.length > 0) this.logger.info({ topics: created }, 'created topics');
    const bucket = await ensureBucket(s3, this.config.s3.bucket, this.config.lake);
    if (bucket.unsupported.length > 0) {
      // A production store that cannot encrypt is a finding; the local MinIO (no KMS, CORS set
      // server-wide) is known not to implement them.
      const log = this.config.env === 'production' ? this.logger.warn : this.logger.info;
      log.call(
        this.logger,
        { unsupported: bucket.unsupported },
        'the S3 server does not implement these bucket policies',
      );
    }
    const needs = this.needs();
    if (needs.has('clickhouse')) await migrateClickHouse(clickhouse, this.config.clickhouse.database);
    if (needs.has('postgres')) {
      const applied = await migratePostgres(postgres);
      if (applied.length > 0) this.logger.info({ migrations: applied }, 'applied PostgreSQL migrations');
    }
  }

  /** Graceful stop: no new requests or polls, processors finish and commit, then every client closes. */
  async stop(): Promise<void> {
    await this.api?.stop(); // live streams never end on their own: end them so the server can close
    await this.servers?.close();
    await this.connectors?.stop();
    await this.lakeExports?.stop();
    await this.processors?.stop();
    await this.clients.close();
  }
}

/** The ClickHouse and PostgreSQL tables the processors' sinks write. */
function processorTables(config: Config, clients: StackClients): ProcessorTables {
  const { clickhouse, metrics } = clients;
  const database = config.clickhouse.database;
  return {
    content: new ContentSink(clickhouse, database, metrics, config.clickhouse.rawPayloadDays),
    windows: new WindowSink(clickhouse, database, metrics),
    groups: new GroupActivitySink(clickhouse, database, metrics),
    chats: new TelegramChatDirectory(clients.postgres),
  };
}

/**
 * The lake's raw archive: Avro container files under raw-data/<source>/ (docs/lake.md), and the
 * topics it archives, whose sources name its folders.
 */
function rawArchive(
  config: Config,
  clients: StackClients,
  logger: Logger,
): { writer: RawArchiveWriter; topics: string[] } {
  const sources = rawArchiveSources(clients.topics);
  const writer = new RawArchiveWriter({
    s3: clients.s3,
    bucket: config.s3.bucket,
    schemas: new WriterSchemas(config.schemaRegistry.url),
    logger: logger.child({ topology: 'raw-archive' }),
    recordsPerFile: config.lake.archive.recordsPerFile,
    sourceOf: (topic) => sources.get(topic) ?? 'unknown',
  });
  return { writer, topics: [...sources.keys()] };
}

/** Where the API reads posts' raw payloads older than ClickHouse keeps them. */
function rawArchiveReader(config: Config, clients: StackClients): RawArchiveReader {
  const sources = rawArchiveSources(clients.topics);
  return new RawArchiveReader({
    s3: clients.s3,
    bucket: config.s3.bucket,
    sourceOf: (topic) => sources.get(topic),
  });
}

/** A role failed beyond repair: stop the process (exit 1) through its graceful stop. */
function stopTheProcess(): void {
  process.exitCode = 1;
  process.kill(process.pid, 'SIGTERM');
}
