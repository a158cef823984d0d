import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import pino, { type Logger } from 'pino';
import type { Registry } from 'prom-client';
import { StreamsError } from './errors';
import type { ReadOnlyKeyValueStore, ReadOnlyWindowStore } from './stores';
import type { Topology } from './topology';
import type { TopicRef } from './internals/graph';
import {
  AtLeastOnceCommitter,
  type Committer,
  ExactlyOnceCommitter,
  PartitionCounts,
} from './internals/runtime/committer';
import { keyValueView, localStores, windowView } from './internals/runtime/local-stores';
import type { ErrorPolicy } from './internals/runtime/record-intake';
import { StreamThread } from './internals/runtime/stream-thread';
import { StreamsMetrics } from './internals/runtime/streams-metrics';
import { TaskLayout } from './internals/runtime/task-layout';
import { ensurePlannedTopics, planTopics } from './internals/runtime/topic-plan';

export type ProcessingGuarantee = 'at_least_once' | 'exactly_once';

/** How a `StreamsApp` runs. Only `applicationId` and `kafka` are required. */
export interface StreamsConfig {
  /** Consumer group id, prefix of internal topics and of transactional ids. */
  readonly applicationId: string;
  readonly kafka: Kafka;
  /** Default at_least_once. */
  readonly processingGuarantee?: ProcessingGuarantee;
  /** Default 100 ms under exactly_once, 1000 ms otherwise. */
  readonly commitIntervalMs?: number;
  /** Parent directory of persistent stores (default: the OS temp dir). */
  readonly stateDir?: string;
  /** Entries per cached store before it flushes early (default 10,000). */
  readonly cacheMaxEntries?: number;
  /** Records buffered per task before an early commit (default 50,000). */
  readonly maxBufferedRecords?: number;
  /** Records that cannot be deserialized (or have no valid event time): default dead-letter. */
  readonly deserializationErrors?: ErrorPolicy;
  /** Records a processor throws on: default fail. */
  readonly processingErrors?: ErrorPolicy;
  /** Where the engine's metrics go (default: a registry of its own, see `metricsRegistry`). */
  readonly registry?: Registry;
  readonly logger?: Logger;
  readonly sessionTimeoutMs?: number;
  /** How often repartition records every reader has committed are deleted (default 30 s). */
  readonly repartitionPurgeIntervalMs?: number;
}

export type StreamsState = 'created' | 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';

/**
 * Runs a topology on Kafka: one member of the consumer group `applicationId` per instance,
 * internal topics created and validated at start, state restored before processing, output and
 * offsets committed together (transactionally under exactly_once).
 */
export class StreamsApp {
  private status: StreamsState = 'created';
  private thread: StreamThread | undefined;
  private readonly errorListeners: Array<(error: StreamsError) => void> = [];
  private readonly metrics: StreamsMetrics;
  private readonly logger: Logger;
  private admin: Admin | undefined;

  constructor(
    private readonly topology: Topology,
    private readonly config: StreamsConfig,
  ) {
    this.metrics = new StreamsMetrics(config.registry);
    this.logger = (config.logger ?? pino({ level: 'warn' })).child({
      component: 'streams',
      application: config.applicationId,
    });
  }

  get state(): StreamsState {
    return this.status;
  }

  get metricsRegistry(): Registry {
    return this.metrics.registry;
  }

  /** Called once if the app stops on an error it cannot handle (it is then `failed`). */
  onError(listener: (error: StreamsError) => void): void {
    this.errorListeners.push(listener);
  }

  async start(): Promise<void> {
    if (this.status !== 'created') throw new TypeError(`StreamsApp.start() in state ${this.status}`);
    this.status = 'starting';
    const { applicationId, kafka } = this.config;
    const topicName = (ref: TopicRef) => (ref.internal ? `${applicationId}-${ref.name}` : ref.name);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const subtopologies = this.topology.subtopologies;
      const plan = await planTopics(
        subtopologies,
        this.topology.graph.sideOutputs,
        topicName,
        applicationId,
        admin,
      );
      const deadLetters =
        (this.config.deserializationErrors ?? 'dead-letter') === 'dead-letter' ||
        this.config.processingErrors === 'dead-letter'
          ? [...new Set(subtopologies.flatMap((s) => s.sourceTopics).map(topicName))].map((name) => ({
              name: `${name}.dlq`,
              partitions: 1,
              configs: {},
              internal: false,
            }))
          : [];
      await ensurePlannedTopics(admin, [...plan.topics, ...deadLetters]);
      const layout = new TaskLayout(subtopologies, plan.partitionsBySubtopology, applicationId, topicName);
      const exactlyOnce = this.config.processingGuarantee === 'exactly_once';
      this.thread = new StreamThread({
        applicationId,
        kafka,
        admin,
        layout,
        createCommitter: (consumer) => this.committer(exactlyOnce, consumer),
        commitIntervalMs: this.config.commitIntervalMs ?? (exactlyOnce ? 100 : 1000),
        maxBufferedRecords: this.config.maxBufferedRecords ?? 50_000,
        storeEnvironment: {
          stateDir: this.config.stateDir ?? join(tmpdir(), 'streams-state'),
          cacheMaxEntries: this.config.cacheMaxEntries ?? 10_000,
        },
        topicName,
        deserializationErrors: this.config.deserializationErrors ?? 'dead-letter',
        processingErrors: this.config.processingErrors ?? 'fail',
        metrics: this.metrics,
        logger: this.logger,
        onFatal: (error) => void this.failWith(error),
        ...(this.config.sessionTimeoutMs !== undefined
          ? { sessionTimeoutMs: this.config.sessionTimeoutMs }
          : {}),
        ...(this.config.repartitionPurgeIntervalMs !== undefined
          ? { repartitionPurgeIntervalMs: this.config.repartitionPurgeIntervalMs }
          : {}),
      });
      this.admin = admin;
      await this.thread.start();
      this.status = 'running';
    } catch (error) {
      this.status = 'failed';
      await admin.disconnect().catch(() => undefined);
      throw error;
    }
  }

  private async committer(exactlyOnce: boolean, consumer: Consumer): Promise<Committer> {
    const partitions = new PartitionCounts(this.config.kafka);
    if (exactlyOnce)
      return new ExactlyOnceCommitter(this.config.kafka, this.config.applicationId, partitions);
    const producer = this.config.kafka.producer({ idempotent: true, maxInFlightRequests: 5 });
    await producer.connect();
    return new AtLeastOnceCommitter(producer, consumer, partitions);
  }

  /** Commits what is processed, leaves the group and closes every store. */
  async stop(): Promise<void> {
    if (this.status === 'stopped' || this.status === 'created') return;
    this.status = 'stopping';
    await this.thread?.stop();
    await this.admin?.disconnect().catch(() => undefined);
    this.status = 'stopped';
  }

  /** Interactive query: a key-value store (or the rows of a table) held by this instance. */
  keyValueStore<K, V>(name: string): ReadOnlyKeyValueStore<K, V> {
    return keyValueView<K, V>(
      name,
      localStores<ReadOnlyKeyValueStore<K, V>>(name, () => this.thread?.runningTasks() ?? []),
    );
  }

  /** Interactive query: a window store (the windows of a windowed aggregation) held by this instance. */
  windowStore<K, V>(name: string): ReadOnlyWindowStore<K, V> {
    return windowView<K, V>(
      name,
      localStores<ReadOnlyWindowStore<K, V>>(name, () => this.thread?.runningTasks() ?? []),
    );
  }

  private async failWith(error: StreamsError): Promise<void> {
    if (this.status === 'failed' || this.status === 'stopping' || this.status === 'stopped') return;
    this.status = 'failed';
    this.errorListeners.forEach((listener) => listener(error));
    await this.thread?.stop().catch(() => undefined);
  }
}
