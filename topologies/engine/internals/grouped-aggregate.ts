import { KTable } from '../ktable';
import type { Materialized } from '../options';
import type { ProcessorSupplier } from '../processor';
import { Serdes, type SyncSerde } from '../serdes';
import { addMaterializedStore, addProcessor } from './dsl';
import type { TopologyGraph } from './graph';
import type { Aggregator } from './processors/aggregate';
import type { Change } from './processors/change';

/** Count's adder, for grouped streams and tables alike: one more record or row. */
export function countOne<K, V>(_key: K, _value: V, count: number): number {
  return count + 1;
}

/** Count's store keeps 64-bit integers unless `materialized` names another serde. */
export function countMaterialized<K>(materialized: Materialized<K, number>): Materialized<K, number> {
  return { valueSerde: Serdes.int64(), ...materialized };
}

/** A reduce as an aggregate that starts from null: the first value is the start. */
export function reduceAdder<K, V>(reducer: (aggregate: V, value: V) => V): Aggregator<K, V, V | null> {
  return (_key, value, aggregate) => (aggregate === null ? value : reducer(aggregate, value));
}

/**
 * Materializes a grouped aggregation: its key-value store (named by `materialized`, else from
 * `prefix`), the processor `processorFor(store)` fed by the node `sourceFor(store)` names, and
 * the table over both. The source comes after the store because a repartition may be named after it.
 */
export function materializeAggregate<K, V, A>(
  graph: TopologyGraph,
  prefix: string,
  keySerde: SyncSerde<K>,
  materialized: Materialized<K, A>,
  sourceFor: (store: string) => string,
  processorFor: (store: string) => ProcessorSupplier<K, V, K, Change<A>>,
): KTable<K, A> {
  const valueSerde = materialized.valueSerde ?? Serdes.json<A>();
  const store = addMaterializedStore(graph, 'key-value', prefix, materialized, {
    key: keySerde,
    value: valueSerde,
  });
  const source = sourceFor(store);
  const name = addProcessor(graph, prefix, [source], processorFor(store) as never, { stores: [store] });
  return new KTable<K, A>(graph, name, keySerde, valueSerde, store, undefined);
}
