import type { Cancellable, PunctuationType } from '../processor';
import type { ConsumedRecord, Headers, RecordMetadata, StreamRecord } from '../record';
import type { StateStore } from '../stores';
import { StreamsError } from '../errors';
import type { ExternalSink, SinkOptions, SinkRecord } from '../external-sink';
import { ExternalSinkBuffers } from './external-sink-buffers';
import { InputVersion } from './input-version';
import type { SinkNodeDef, SourceNodeDef, TopicRef } from './graph';
import { ProcessorNode, type TaskServices } from './processor-node';
import { PunctuationQueue } from './punctuation';
import type { RecordCollector } from './record-collector';
import { type BuiltStore, buildStore } from './stores/build-store';
import type { CacheFlushListener } from './stores/caching-kv-store';
import type { StoreEnvironment } from './stores/store-definition';
import type { Subtopology } from './subtopologies';

export interface TaskOptions {
  readonly applicationId: string;
  readonly subtopology: Subtopology;
  readonly partition: number;
  readonly collector: RecordCollector;
  readonly storeEnvironment: StoreEnvironment;
  /** Resolves internal topics to `<applicationId>-<name>`. */
  readonly topicName: (topic: TopicRef) => string;
  readonly wallClock: () => number;
}

/** What a task has done, read by the runtime's metrics. */
export interface TaskStats {
  processed: number;
  lateRecords: number;
  punctuations: number;
}

/**
 * One sub-topology bound to one input partition: its processors, its stores and its stream time.
 * Processing is synchronous; the runtime decides when to flush and commit.
 */
export class StreamTask implements TaskServices {
  readonly taskId: string;
  readonly applicationId: string;
  readonly stores = new Map<string, BuiltStore>();
  readonly stats: TaskStats = { processed: 0, lateRecords: 0, punctuations: 0 };
  private readonly sources = new Map<string, { def: SourceNodeDef; node: ProcessorNode }>();
  private readonly nodes: ProcessorNode[] = [];
  private readonly punctuation = new PunctuationQueue();
  private readonly flushedCallbacks: Array<() => void> = [];
  private readonly externalSinks = new ExternalSinkBuffers();
  private readonly version = new InputVersion();
  private time = Number.NEGATIVE_INFINITY;
  private metadata: RecordMetadata | undefined;
  private timestamp = 0;
  private headers: Headers | undefined;

  constructor(private readonly options: TaskOptions) {
    this.applicationId = options.applicationId;
    this.taskId = `${options.subtopology.id}_${options.partition}`;
    for (const definition of options.subtopology.stores) {
      const context = {
        applicationId: this.applicationId,
        taskId: this.taskId,
        partition: options.partition,
        logChange: (topic: string, key: Buffer, value: Buffer | null, timestamp: number) =>
          options.collector.send({ topic, partition: options.partition, key, value, timestamp }),
        recordTimestamp: () => this.timestamp,
      };
      this.stores.set(definition.name, buildStore(definition, context, options.storeEnvironment));
    }
    this.buildNodes();
  }

  private buildNodes(): void {
    const nodes = new Map<string, ProcessorNode>();
    for (const def of this.options.subtopology.nodes) {
      const processor = def.kind === 'processor' ? def.supplier() : undefined;
      const stores = def.kind === 'processor' ? def.stores : [];
      const node = new ProcessorNode(
        def.name,
        this,
        stores,
        processor,
        def.kind === 'sink' ? def : undefined,
      );
      nodes.set(def.name, node);
      this.nodes.push(node);
      if (def.kind === 'source') {
        for (const topic of def.topics) this.sources.set(this.options.topicName(topic), { def, node });
      } else {
        for (const parent of def.parents) nodes.get(parent)!.addChild(node);
      }
    }
    for (const node of nodes.values()) node.init();
  }

  /** The runtime topic names this task reads. */
  get inputTopics(): string[] {
    return [...this.sources.keys()];
  }

  /** The serdes of the source node reading `topic`. */
  sourceSerdes(topic: string): Pick<SourceNodeDef, 'keySerde' | 'valueSerde'> {
    const source = this.sources.get(topic);
    if (source === undefined) {
      throw new StreamsError('STREAMS_TOPOLOGY_INVALID', `task ${this.taskId} does not read ${topic}`);
    }
    return source.def;
  }

  /** Processes one deserialized input record through the sub-topology. */
  process(record: ConsumedRecord<unknown, unknown>): void {
    const source = this.sources.get(record.topic);
    if (source === undefined) {
      throw new StreamsError('STREAMS_TOPOLOGY_INVALID', `task ${this.taskId} does not read ${record.topic}`);
    }
    const extractor = source.def.timestampExtractor;
    const timestamp = extractor === undefined ? record.brokerTimestamp : extractor(record);
    if (!Number.isFinite(timestamp) || timestamp < 0) {
      throw new StreamsError('STREAMS_INVALID_TIMESTAMP', `event time ${timestamp} of ${record.topic}`, {
        details: { partition: record.partition, offset: record.offset },
      });
    }
    this.metadata = { topic: record.topic, partition: record.partition, offset: record.offset };
    this.version.consumed(record.topic, record.offset);
    this.timestamp = timestamp;
    this.headers = record.headers;
    if (timestamp > this.time) this.time = timestamp;
    const forwarded: StreamRecord<unknown, unknown> = {
      key: record.key,
      value: record.value,
      timestamp,
      ...(record.headers ? { headers: record.headers } : {}),
    };
    source.node.forward(forwarded);
    this.stats.processed += 1;
    this.stats.punctuations += this.punctuation.fire('stream-time', this.time);
  }

  /** Fires wall-clock punctuators due at `now`. */
  punctuateWallClock(now: number): void {
    this.stats.punctuations += this.punctuation.fire('wall-clock', now);
  }

  /** Flushes caches (emitting their updates downstream) and drops expired windows. */
  flush(): void {
    for (const store of this.stores.values()) store.purgeExpired();
    for (const store of this.stores.values()) store.flush();
    if (this.flushedCallbacks.length === 0) return;
    this.metadata = undefined;
    this.timestamp = this.time;
    this.headers = undefined;
    for (const callback of this.flushedCallbacks) callback();
    // What the callbacks forwarded may have landed in caches further down.
    for (const store of this.stores.values()) store.flush();
  }

  onCachesFlushed(callback: () => void): void {
    this.flushedCallbacks.push(callback);
  }

  /** The next offset of each source topic the task starts from (the committed ones). */
  startFrom(positions: ReadonlyMap<string, bigint>): void {
    this.version.startFrom(positions);
  }

  /** Records buffered for external sinks since the last commit. */
  get pendingSinkRecords(): number {
    return this.externalSinks.pending;
  }

  /** Writes the external sinks' buffers: at commit, after `flush`, before offsets are committed. */
  async flushExternalSinks(): Promise<void> {
    await this.externalSinks.flush({
      applicationId: this.applicationId,
      taskId: this.taskId,
      partition: this.options.partition,
    });
  }

  registerExternalSink(name: string, sink: ExternalSink<unknown, unknown>, options: SinkOptions): void {
    this.externalSinks.register(name, sink, options);
  }

  bufferForExternalSink(name: string, record: SinkRecord<unknown, unknown>): void {
    this.externalSinks.add(name, record);
  }

  inputVersion(): bigint {
    return this.version.value;
  }

  /** Makes persistent stores durable with the changelog offsets their data reflects. */
  commitStores(changelogOffsets: ReadonlyMap<string, bigint>): void {
    for (const store of this.stores.values()) {
      const topic = store.changelogTopic;
      store.backend.commit(topic === undefined ? undefined : changelogOffsets.get(topic));
    }
  }

  /** Cache lookups of this task's stores so far. */
  cacheStats(): { hits: number; misses: number } {
    let hits = 0;
    let misses = 0;
    for (const store of this.stores.values()) {
      hits += store.cache?.stats.hits ?? 0;
      misses += store.cache?.stats.misses ?? 0;
    }
    return { hits, misses };
  }

  close(): void {
    for (const node of this.nodes) node.close();
    for (const store of this.stores.values()) store.backend.close();
  }

  recordMetadata(): RecordMetadata | undefined {
    return this.metadata;
  }

  recordTimestamp(): number {
    return this.timestamp;
  }

  recordHeaders(): Headers | undefined {
    return this.headers;
  }

  setRecord(timestamp: number, headers: Headers | undefined): void {
    this.timestamp = timestamp;
    this.headers = headers;
  }

  streamTime(): number {
    return this.time;
  }

  wallClock(): number {
    return this.options.wallClock();
  }

  store(name: string): StateStore | undefined {
    return this.stores.get(name)?.store;
  }

  cacheFlushListener(store: string, listener: CacheFlushListener<unknown, unknown>): boolean {
    const cache = this.stores.get(store)?.cache;
    if (cache === undefined) return false;
    cache.setFlushListener((key, newValue, oldValue, timestamp) => {
      this.metadata = undefined;
      this.timestamp = timestamp;
      listener(key, newValue, oldValue, timestamp);
    });
    return true;
  }

  schedule(type: PunctuationType, intervalMs: number, callback: (time: number) => void): Cancellable {
    const now = type === 'stream-time' ? this.time : this.options.wallClock();
    return this.punctuation.schedule(type, intervalMs, now, callback, (fire) => {
      this.metadata = undefined;
      this.timestamp = type === 'stream-time' ? this.time : this.options.wallClock();
      this.headers = undefined;
      fire();
    });
  }

  sink(node: SinkNodeDef, record: StreamRecord<unknown, unknown>): void {
    const topic = this.options.topicName(node.topic);
    this.options.collector.send({
      topic,
      key: node.keySerde.serialize(record.key, topic),
      value: node.valueSerde.serialize(record.value, topic),
      timestamp: record.timestamp,
      ...(record.headers ? { headers: record.headers } : {}),
    });
  }

  sendRaw(topic: TopicRef, key: Buffer | null, value: Buffer | null, headers?: Headers): void {
    this.options.collector.send({
      topic: this.options.topicName(topic),
      key,
      value,
      timestamp: this.timestamp,
      ...(headers ? { headers } : {}),
    });
  }

  countLateRecord(): void {
    this.stats.lateRecords += 1;
  }
}
