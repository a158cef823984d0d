import type { ProcessorSupplier } from '../processor';
import type { Grouped, Materialized } from '../options';
import { type Serde, Serdes, type SyncSerde } from '../serdes';
import type { TopologyGraph } from './graph';
import type { StoreDefinition, StoreType } from './stores/store-definition';

/** The default serde when a stream's types are not known: JSON. */
export function orJson<T>(serde: Serde<T> | undefined): Serde<T> {
  return serde ?? Serdes.json<T>();
}

export function orJsonSync<T>(serde: SyncSerde<T> | Serde<T> | undefined): SyncSerde<T> {
  return (serde as SyncSerde<T> | undefined) ?? Serdes.json<T>();
}

/** Adds a processor node under generated or given name; returns the name. */
export function addProcessor(
  graph: TopologyGraph,
  prefix: string,
  parents: readonly string[],
  supplier: ProcessorSupplier<never, never, unknown, unknown>,
  options: { stores?: readonly string[]; name?: string } = {},
): string {
  const name = options.name ?? graph.newName(prefix);
  graph.add({
    kind: 'processor',
    name,
    parents,
    supplier: supplier as unknown as ProcessorSupplier<unknown, unknown, unknown, unknown>,
    stores: options.stores ?? [],
  });
  return name;
}

/** Registers the store an aggregation or table materializes into; returns its name. */
export function addMaterializedStore<K, V>(
  graph: TopologyGraph,
  type: StoreType,
  prefix: string,
  materialized: Materialized<K, V> | undefined,
  serdes: { key: SyncSerde<K>; value: SyncSerde<V> },
  extra: Partial<Pick<StoreDefinition, 'windowSizeMs' | 'retentionMs' | 'retainDuplicates' | 'cached'>> = {},
): string {
  const name = materialized?.name ?? graph.newName(`${prefix}-STATE-STORE`);
  graph.addStore({
    name,
    type,
    keySerde: (materialized?.keySerde ?? serdes.key) as SyncSerde<unknown>,
    valueSerde: (materialized?.valueSerde ?? serdes.value) as SyncSerde<unknown>,
    logged: materialized?.logged ?? true,
    cached: extra.cached ?? materialized?.cached ?? true,
    persistent: materialized?.persistent ?? false,
    ...(extra.windowSizeMs !== undefined ? { windowSizeMs: extra.windowSizeMs } : {}),
    ...(extra.retentionMs !== undefined ? { retentionMs: extra.retentionMs } : {}),
    ...(extra.retainDuplicates !== undefined ? { retainDuplicates: extra.retainDuplicates } : {}),
  });
  return name;
}

/**
 * Routes a stream through an internal repartition topic so records land on the partition of
 * their (new) key; returns the source node that reads it back.
 */
export function addRepartition<K, V>(
  graph: TopologyGraph,
  parent: string,
  grouped: Grouped<K, V> | undefined,
  serdes: { key: SyncSerde<K>; value: SyncSerde<V> },
): string {
  const base = grouped?.name ?? graph.newName('KSTREAM-REPARTITION');
  const topic = graph.addInternalTopic({ name: `${base}-repartition`, purpose: 'repartition' });
  graph.add({
    kind: 'sink',
    name: `${base}-repartition-sink`,
    parents: [parent],
    topic,
    keySerde: serdes.key as Serde<unknown>,
    valueSerde: serdes.value as Serde<unknown>,
  });
  const source = `${base}-repartition-source`;
  graph.add({
    kind: 'source',
    name: source,
    topics: [topic],
    keySerde: serdes.key as Serde<unknown>,
    valueSerde: serdes.value as Serde<unknown>,
    timestampExtractor: undefined,
  });
  return source;
}
