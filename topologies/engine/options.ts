import type { TimestampExtractor } from './record';
import type { Serde, SyncSerde } from './serdes';

/** How a source topic is read. Serdes default to JSON. */
export interface Consumed<K, V> {
  readonly keySerde?: Serde<K>;
  readonly valueSerde?: Serde<V>;
  /** Event time of each record; defaults to the broker timestamp. */
  readonly timestampExtractor?: TimestampExtractor<K, V>;
  /** Name of the source node (defaults to a generated one). */
  readonly name?: string;
}

/** How records are written to a topic. */
export interface Produced<K, V> {
  readonly keySerde?: Serde<K>;
  readonly valueSerde?: Serde<V>;
  readonly name?: string;
}

/** Serdes and name of a repartition topic created by grouping or `repartition()`. */
export interface Grouped<K, V> {
  readonly keySerde?: SyncSerde<K>;
  readonly valueSerde?: SyncSerde<V>;
  /** Names the repartition topic `<applicationId>-<name>-repartition`. */
  readonly name?: string;
}

/** How an aggregation or table keeps its state. */
export interface Materialized<K, V> {
  /** The store name: queryable by interactive queries, and names the changelog topic. */
  readonly name?: string;
  readonly keySerde?: SyncSerde<K>;
  readonly valueSerde?: SyncSerde<V>;
  /** LMDB on local disk with checkpoints (default: in memory, restored from the changelog). */
  readonly persistent?: boolean;
  /** Collapse updates per key between commits before emitting (default true). */
  readonly cached?: boolean;
  /** Back the store with a changelog topic (default true; turn off only for tests). */
  readonly logged?: boolean;
}

/** Options of windowed aggregations. */
export interface WindowedMaterialized<K, V> extends Materialized<K, V> {
  /** Topic for records that arrive after their window's grace (default `<applicationId>-<store>-late`). */
  readonly lateRecordsTopic?: string;
  /**
   * How long, in stream time from a window's start (a session's end), the store keeps it, so
   * interactive queries can read windows after they close. At least window size plus grace
   * (sliding windows: twice the time difference plus grace; sessions: gap plus grace), else the
   * topology is refused with `STREAMS_TOPOLOGY_INVALID`; the default is that minimum.
   */
  readonly retentionMs?: number;
}

/** Names a processor node. */
export interface Named {
  readonly name?: string;
}
