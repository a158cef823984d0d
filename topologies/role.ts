import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import type { Role } from '../platform/role';
import type { AvroSerde } from '../schemas/serde/avro-serde';
import type { TopicNames } from '../schemas/topics';
import { Processors } from './processors';
import type { ProcessorTables } from './sink-ports';
import type { RawArchive, RawArchiveApp } from './raw-archive';

export interface ProcessorsDeps {
  config: Config;
  kafka: Kafka;
  topics: TopicNames;
  serde: AvroSerde;
  /** Where the topologies' sinks write (ClickHouse and PostgreSQL). */
  tables: ProcessorTables;
  /** Subscription state (billing). */
  postgres: Pool;
  metrics: Metrics;
  logger: Logger;
  /** Told which channels got fresher data (the API drops their cached answers). */
  onWindowsUpdated: (channels: string[]) => Promise<void>;
  /** A stream app failed on an error it cannot handle. */
  onFatal: (error: Error) => void;
  /** The lake's raw archive writer and the topics it archives: with it the raw-archive app runs too. */
  rawArchive?: { writer: RawArchive; topics: readonly string[] };
}

/**
 * The processors role: the product's topologies on its stream engine, which turn what the
 * connectors stored into what the API reads (channel content into Kafka, ClickHouse and
 * PostgreSQL, billing events into subscription state). See docs/topologies.md.
 */
export class ProcessorsRole implements Role {
  readonly name = 'processors';
  readonly needs = ['kafka', 'schema_registry', 'clickhouse', 'postgres'] as const;
  private readonly processors: Processors;

  constructor(deps: ProcessorsDeps) {
    const { config, metrics, logger } = deps;
    this.processors = new Processors({
      kafka: deps.kafka,
      kafkaConfig: config.kafka,
      streamThreads: config.kafka.processorStreamThreads,
      registryUrl: config.schemaRegistry.url,
      contentApplicationId: config.kafka.processorGroupId,
      billingApplicationId: config.stripe.groupId,
      topics: deps.topics,
      serde: deps.serde,
      tables: deps.tables,
      stateDir: config.kafka.processorStateDir,
      postgres: deps.postgres,
      prices: config.stripe.prices,
      metrics,
      registry: metrics.registry,
      logger,
      onWindowsUpdated: deps.onWindowsUpdated,
      rawArchive: deps.rawArchive && rawArchiveApp(deps, deps.rawArchive),
      // An app that stopped on an error it cannot handle is the composition root's to act on
      // (the process entry stops the process, and the orchestrator starts it again).
      onFatal: (error) => {
        logger.fatal({ err: error, code: error.code }, 'a stream app failed');
        deps.onFatal(error);
      },
    });
  }

  start(): Promise<void> {
    return this.processors.start();
  }

  /** Each app commits what it processed and leaves its group. */
  stop(): Promise<void> {
    return this.processors.stop();
  }
}

/** The raw archive app: every input topic into the lake's raw-data/ (docs/lake.md). */
function rawArchiveApp(
  deps: ProcessorsDeps,
  { writer, topics }: NonNullable<ProcessorsDeps['rawArchive']>,
): RawArchiveApp {
  const { groupId, commitIntervalMs } = deps.config.lake.archive;
  return { applicationId: groupId, commitIntervalMs, topics, archive: writer };
}
