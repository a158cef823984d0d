import { availableParallelism } from 'node:os';
import type { Admin, Kafka } from 'kafkajs';
import pino, { type Logger } from 'pino';
import type { Registry } from 'prom-client';
import { StreamsError } from './errors';
import type { ExternalSink } from './external-sink';
import type { ReadOnlyKeyValueStore, ReadOnlyWindowStore } from './stores';
import type { TopologyModule } from './streams-module';
import { Topology } from './topology';
import { keyValueView, localStores, windowView } from './internals/runtime/local-stores';
import type { ErrorPolicy } from './internals/runtime/record-intake';
import type { StreamTask } from './internals/task';
import type { StreamThread } from './internals/runtime/stream-thread';
import { StreamThreads } from './internals/runtime/stream-threads';
import { StreamsMetrics } from './internals/runtime/streams-metrics';
import { newStreamThread, prepareTopics, taskLayout, threadSettings } from './internals/runtime/thread-setup';
import { loadTopologyModule, planContext, topologyFingerprint } from './internals/runtime/topology-module';

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
  /**
   * Records (output, changelog, dead letters) buffered per task before an early commit (default
   * 10,000): what a busy task holds in memory between commits, as Kafka Streams bounds its
   * producer's buffer.
   */
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
  /**
   * Stream threads of this instance, each a worker thread with its own group member (Kafka
   * Streams' `num.stream.threads`). Only for a topology module; default the machine's cores,
   * never more than the topology has tasks.
   */
  readonly numStreamThreads?: number;
  /**
   * Sinks that stay in this thread, by name, for a topology module's `context.appSink(name)`:
   * clients that must exist once per process (an embedded database, a pool), or whose metrics and
   * traces belong to the process.
   */
  readonly appSinks?: Readonly<Record<string, ExternalSink<never, never>>>;
}

export type StreamsState = 'created' | 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';

/**
 * Runs a topology on Kafka: one member of the consumer group `applicationId` per stream thread,
 * internal topics created and validated at start, state restored before processing, output and
 * offsets committed together (transactionally under exactly_once).
 *
 * Given a `Topology`, the app processes in the calling thread. Given a `TopologyModule`, it runs
 * `numStreamThreads` worker threads, each building the topology from the module.
 */
export class StreamsApp {
  private status: StreamsState = 'created';
  private thread: StreamThread | undefined;
  private threads: StreamThreads | undefined;
  private readonly errorListeners: Array<(error: StreamsError) => void> = [];
  private readonly metrics: StreamsMetrics;
  private readonly logger: Logger;
  private admin: Admin | undefined;

  constructor(
    private readonly topology: Topology | TopologyModule,
    private readonly config: StreamsConfig,
  ) {
    const threads = config.numStreamThreads;
    if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1))
      throw new TypeError(`numStreamThreads must be a whole number of at least 1, not ${threads}`);
    if (topology instanceof Topology && (threads ?? 1) > 1)
      throw new TypeError(
        'a Topology object runs in its own thread only: give a topology module to use more',
      );
    if (!(topology instanceof Topology)) structuredClone(topology.args);
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
    const settings = threadSettings(this.config);
    const admin = this.config.kafka.admin();
    try {
      await admin.connect();
      if (this.topology instanceof Topology) {
        const partitions = await prepareTopics(this.topology, settings, admin);
        this.admin = admin;
        this.thread = newStreamThread({
          topology: this.topology,
          partitions,
          settings,
          kafka: this.config.kafka,
          admin,
          metrics: this.metrics,
          logger: this.logger,
          onFatal: (error) => void this.failWith(error),
        });
        await this.thread.start();
      } else {
        this.threads = await this.startThreads(this.topology, admin);
      }
      this.status = 'running';
    } catch (error) {
      this.status = 'failed';
      await admin.disconnect().catch(() => undefined);
      throw error;
    }
  }

  private async startThreads(module: TopologyModule, admin: Admin): Promise<StreamThreads> {
    const settings = threadSettings(this.config);
    const appSinks = (this.config.appSinks ?? {}) as Record<string, ExternalSink<unknown, unknown>>;
    const planned = await loadTopologyModule(
      module,
      planContext(settings.applicationId, Object.keys(appSinks)),
    );
    try {
      const partitions = await prepareTopics(planned.topology, settings, admin);
      await admin.disconnect();
      const taskCount = taskLayout(planned.topology, partitions, settings.applicationId).tasks.length;
      const threads = new StreamThreads({
        count: Math.max(1, Math.min(this.config.numStreamThreads ?? availableParallelism(), taskCount)),
        module,
        settings,
        partitions,
        taskCount,
        fingerprint: topologyFingerprint(planned.topology),
        logger: this.logger,
        metrics: this.metrics,
        appSinks,
        onFatal: (error) => void this.failWith(error),
      });
      this.threads = threads;
      await threads.start();
      return threads;
    } finally {
      await planned.close?.();
    }
  }

  /** Commits what is processed, leaves the group and closes every store. */
  async stop(): Promise<void> {
    if (this.status === 'stopped' || this.status === 'created') return;
    this.status = 'stopping';
    await this.thread?.stop();
    await this.threads?.stop();
    await this.admin?.disconnect().catch(() => undefined);
    this.status = 'stopped';
  }

  /** Interactive query: a key-value store (or the rows of a table) held by this instance. */
  keyValueStore<K, V>(name: string): ReadOnlyKeyValueStore<K, V> {
    return keyValueView<K, V>(
      name,
      localStores<ReadOnlyKeyValueStore<K, V>>(name, () => this.queryableTasks()),
    );
  }

  /** Interactive query: a window store (the windows of a windowed aggregation) held by this instance. */
  windowStore<K, V>(name: string): ReadOnlyWindowStore<K, V> {
    return windowView<K, V>(
      name,
      localStores<ReadOnlyWindowStore<K, V>>(name, () => this.queryableTasks()),
    );
  }

  private queryableTasks(): StreamTask[] {
    if (!(this.topology instanceof Topology))
      throw new StreamsError(
        'STREAMS_STORE_UNAVAILABLE',
        'interactive queries read stores in this thread: run a Topology object, not a topology module',
        { retriable: false },
      );
    return this.thread?.runningTasks() ?? [];
  }

  private async failWith(error: StreamsError): Promise<void> {
    if (this.status === 'failed' || this.status === 'stopping' || this.status === 'stopped') return;
    this.status = 'failed';
    this.errorListeners.forEach((listener) => listener(error));
    await this.thread?.stop().catch(() => undefined);
    await this.threads?.stop();
  }
}
