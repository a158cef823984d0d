import type { SyncSerde } from '../../serdes';

export type StoreType = 'key-value' | 'window' | 'session';

/** Everything the runtime needs to build, log, restore and query one store. */
export interface StoreDefinition {
  readonly name: string;
  readonly type: StoreType;
  readonly keySerde: SyncSerde<unknown>;
  readonly valueSerde: SyncSerde<unknown>;
  /** Backed by a compacted changelog topic (the default; only tests turn it off). */
  readonly logged: boolean;
  /** Collapses repeated updates between commits (emit on update, collapsed). */
  readonly cached: boolean;
  /** LMDB on local disk with checkpoints, instead of memory. */
  readonly persistent: boolean;
  readonly windowSizeMs?: number;
  /** How long windows or sessions are kept after they end (window size plus grace). */
  readonly retentionMs?: number;
  /** Keep every record of a window rather than one value (stream-stream joins). */
  readonly retainDuplicates?: boolean;
}

/** Where and how stores are built; the same for every task of a process. */
export interface StoreEnvironment {
  /** Parent directory of persistent stores: `<stateDir>/<applicationId>/<taskId>/<store>`. */
  readonly stateDir: string;
  readonly cacheMaxEntries: number;
}
