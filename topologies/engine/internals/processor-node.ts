import type { Cancellable, Processor, ProcessorContext, PunctuationType } from '../processor';
import type { Headers, RecordMetadata, StreamRecord } from '../record';
import type { StateStore } from '../stores';
import type { ExternalSink, SinkOptions, SinkRecord } from '../external-sink';
import { StreamsError } from '../errors';
import type { SinkNodeDef, TopicRef } from './graph';
import type { CacheFlushListener } from './stores/caching-kv-store';

/** What the task offers the contexts of its nodes. */
export interface TaskServices {
  readonly applicationId: string;
  readonly taskId: string;
  recordMetadata(): RecordMetadata | undefined;
  recordTimestamp(): number;
  recordHeaders(): Headers | undefined;
  /** Makes a forwarded record the current one: its time and headers. */
  setRecord(timestamp: number, headers: Headers | undefined): void;
  streamTime(): number;
  wallClock(): number;
  store(name: string): StateStore | undefined;
  cacheFlushListener(store: string, listener: CacheFlushListener<unknown, unknown>): boolean;
  schedule(
    type: PunctuationType,
    intervalMs: number,
    callback: (time: number) => void,
    node: ProcessorNode,
  ): Cancellable;
  sink(node: SinkNodeDef, record: StreamRecord<unknown, unknown>): void;
  sendRaw(topic: TopicRef, key: Buffer | null, value: Buffer | null, headers?: Headers): void;
  countLateRecord(): void;
  onCachesFlushed(callback: () => void): void;
  registerExternalSink(name: string, sink: ExternalSink<unknown, unknown>, options: SinkOptions): void;
  bufferForExternalSink(name: string, record: SinkRecord<unknown, unknown>): void;
  inputVersion(): bigint;
}

/** The extra context the engine's own processors use (caches, side outputs, late records). */
export interface InternalProcessorContext<K, V> extends ProcessorContext<K, V> {
  recordTimestamp(): number;
  recordHeaders(): Headers | undefined;
  setCacheFlushListener<KS, VS>(store: string, listener: CacheFlushListener<KS, VS>): boolean;
  sendRaw(topic: TopicRef, key: Buffer | null, value: Buffer | null, headers?: Headers): void;
  countLateRecord(): void;
  /** Runs `callback` at every commit, after the task's caches have flushed downstream. */
  onCachesFlushed(callback: () => void): void;
  /** Gives the task an external sink whose buffer it writes at commit (see external-sink.ts). */
  registerExternalSink(name: string, sink: ExternalSink<unknown, unknown>, options: SinkOptions): void;
  bufferForExternalSink(name: string, record: SinkRecord<unknown, unknown>): void;
  /** Input records consumed by the task so far (the sum of its next offsets): a sink version. */
  inputVersion(): bigint;
}

export function internalContext<K, V>(context: ProcessorContext<K, V>): InternalProcessorContext<K, V> {
  return context as InternalProcessorContext<K, V>;
}

/** One node of one task: a processor (or a sink) and the nodes it forwards to. */
export class ProcessorNode implements InternalProcessorContext<unknown, unknown> {
  readonly children: ProcessorNode[] = [];
  private childByName = new Map<string, ProcessorNode>();

  constructor(
    readonly name: string,
    private readonly services: TaskServices,
    private readonly storeNames: readonly string[],
    readonly processor: Processor<unknown, unknown, unknown, unknown> | undefined,
    private readonly sinkDef: SinkNodeDef | undefined,
  ) {}

  get applicationId(): string {
    return this.services.applicationId;
  }

  get taskId(): string {
    return this.services.taskId;
  }

  get recordMetadata(): RecordMetadata | undefined {
    return this.services.recordMetadata();
  }

  addChild(child: ProcessorNode): void {
    this.children.push(child);
    this.childByName.set(child.name, child);
  }

  init(): void {
    this.processor?.init?.(this);
  }

  process(record: StreamRecord<unknown, unknown>): void {
    if (this.sinkDef !== undefined) this.services.sink(this.sinkDef, record);
    else this.processor!.process(record);
  }

  forward(record: StreamRecord<unknown, unknown>, childName?: string): void {
    const child = childName === undefined ? undefined : this.childByName.get(childName);
    if (childName !== undefined && child === undefined) {
      throw new StreamsError('STREAMS_TOPOLOGY_INVALID', `${this.name} has no child named ${childName}`);
    }
    // Downstream (changelogs, side outputs) sees the forwarded record's time, as in Kafka Streams.
    // Saved in locals, not an object: this runs for every record at every node.
    const previousTimestamp = this.services.recordTimestamp();
    const previousHeaders = this.services.recordHeaders();
    this.services.setRecord(record.timestamp, record.headers);
    try {
      if (child !== undefined) child.process(record);
      else for (const each of this.children) each.process(record);
    } finally {
      this.services.setRecord(previousTimestamp, previousHeaders);
    }
  }

  getStateStore<S extends StateStore>(name: string): S {
    const store = this.storeNames.includes(name) ? this.services.store(name) : undefined;
    if (store === undefined) {
      throw new StreamsError('STREAMS_TOPOLOGY_INVALID', `${this.name} is not connected to store ${name}`);
    }
    return store as S;
  }

  schedule(intervalMs: number, type: PunctuationType, callback: (time: number) => void): Cancellable {
    return this.services.schedule(type, intervalMs, callback, this);
  }

  currentStreamTimeMs(): number {
    return this.services.streamTime();
  }

  currentSystemTimeMs(): number {
    return this.services.wallClock();
  }

  recordTimestamp(): number {
    return this.services.recordTimestamp();
  }

  recordHeaders(): Headers | undefined {
    return this.services.recordHeaders();
  }

  setCacheFlushListener<KS, VS>(store: string, listener: CacheFlushListener<KS, VS>): boolean {
    return this.services.cacheFlushListener(store, listener as CacheFlushListener<unknown, unknown>);
  }

  sendRaw(topic: TopicRef, key: Buffer | null, value: Buffer | null, headers?: Headers): void {
    this.services.sendRaw(topic, key, value, headers);
  }

  countLateRecord(): void {
    this.services.countLateRecord();
  }

  onCachesFlushed(callback: () => void): void {
    this.services.onCachesFlushed(callback);
  }

  registerExternalSink(name: string, sink: ExternalSink<unknown, unknown>, options: SinkOptions): void {
    this.services.registerExternalSink(name, sink, options);
  }

  bufferForExternalSink(name: string, record: SinkRecord<unknown, unknown>): void {
    this.services.bufferForExternalSink(name, record);
  }

  inputVersion(): bigint {
    return this.services.inputVersion();
  }

  close(): void {
    this.processor?.close?.();
  }
}
