import type { Headers, RecordMetadata } from './record';

/** One record bound for an external system. */
export interface SinkRecord<K, V> {
  readonly key: K;
  readonly value: V;
  /** The record's event time. */
  readonly timestamp: number;
  /**
   * Deterministic and never decreasing within a task: the number of input records the task had
   * consumed (the sum of its next offsets) when this record was emitted. After a crash the task
   * replays from its committed offsets and writes the same rows again with versions no lower than
   * the committed point, so a store that keeps the highest version per key (ClickHouse's
   * ReplacingMergeTree, an upsert guarded by the version) ends with the right row, once.
   */
  readonly version: bigint;
  /**
   * The input record this one came from (topic, partition, offset), or undefined when a punctuator
   * emitted it. An archive names its objects after it (`<topic>+<partition>+<first offset>`), so a
   * replay writes the same objects again.
   */
  readonly source?: RecordMetadata;
  /** The record's headers (for example the trace context of whoever produced its input). */
  readonly headers?: Headers;
}

/** Which task is writing: the partition is the one every record of the batch came from. */
export interface SinkContext {
  readonly applicationId: string;
  readonly taskId: string;
  readonly partition: number;
}

/**
 * Writes what a stream emits to a system outside Kafka (a database, an object store). The engine
 * buffers records per task and calls `write` when the task commits, before its input offsets are
 * committed: a crash in between replays the input, and `write` is called again with the same
 * records. `write` must therefore be idempotent (upsert by key and version, deterministic object
 * names). Throw an error with `retriable: true` for a transient failure: the engine retries, then
 * gives the task up and replays it later; any other error stops the app.
 */
export interface ExternalSink<K, V> {
  write(records: readonly SinkRecord<K, V>[], context: SinkContext): Promise<void>;
}

/** How `KStream.toSink` writes. */
export interface SinkOptions {
  /** The processor's name in `describe()` (default generated). */
  readonly name?: string;
  /** Attempts per commit before the task is given up and replayed later (default 5). */
  readonly maxAttempts?: number;
  /** First retry delay; it doubles each attempt (default 100 ms). */
  readonly retryBackoffMs?: number;
}
