import type { ClickHouseClient } from '../../platform/clients/clickhouse';
import type { Metrics } from '../../platform/metrics';
import type { Versioned } from '../../schemas/versioned';

/** Where the sinks write: a client, its database and the metrics that count rows per table. */
export interface SinkTarget {
  readonly client: ClickHouseClient;
  readonly database: string;
  readonly metrics: Metrics;
}

/** Inserts rows (one JSONEachRow insert) and counts them; nothing is sent for no rows. */
export async function insertRows(target: SinkTarget, table: string, values: object[]): Promise<void> {
  if (values.length === 0) return;
  await target.client.insert({ table: `${target.database}.${table}`, format: 'JSONEachRow', values });
  target.metrics.sinkRows.inc({ table }, values.length);
}

/** How a table of whole window states is written (ReplacingMergeTree, highest version wins). */
export interface VersionedTable<T> {
  readonly table: string;
  /** The table's key of a state: one row per key reaches ClickHouse per insert. */
  readonly keyOf: (value: T) => string;
  readonly toRow: (value: T) => object;
  /** Added to every version (UInt64, written as text: JSON numbers lose precision past 2^53). */
  readonly versionBase?: bigint;
}

/**
 * Inserts the newest state of each key (the highest version; on a tie the later, as the engine
 * emits in order): a commit may carry many states of one busy window, and the table would keep
 * only the last anyway.
 */
export async function insertLatest<T>(
  target: SinkTarget,
  spec: VersionedTable<T>,
  states: readonly Versioned<T>[],
): Promise<void> {
  const latest = new Map<string, Versioned<T>>();
  for (const state of states) {
    const key = spec.keyOf(state.value);
    const seen = latest.get(key);
    if (seen === undefined || state.version >= seen.version) latest.set(key, state);
  }
  const base = spec.versionBase ?? 0n;
  await insertRows(
    target,
    spec.table,
    [...latest.values()].map(({ value, version }) => ({
      ...spec.toRow(value),
      version: String(base + version),
    })),
  );
}
