import type { ProcessorSupplier } from '../../processor';
import { type Aggregator, type Initializer, storeUpdateProcessor } from './aggregate';
import type { Change } from './change';

/**
 * Aggregates a regrouped table (Kafka Streams' `KTableAggregate`): a change's old value is
 * subtracted from its group's aggregate, then its new value is added (starting from the
 * initializer when the group has none). A deletion only subtracts; a group whose rows all left
 * keeps the aggregate the subtractor made (a count of 0), as in Kafka Streams; a null aggregate
 * deletes the group's row.
 */
export function tableAggregateProcessor<K, V, A>(
  storeName: string,
  initializer: Initializer<A>,
  adder: Aggregator<K, V, A>,
  subtractor: Aggregator<K, V, A>,
): ProcessorSupplier<K, Change<V>, K, Change<A>> {
  return storeUpdateProcessor<K, Change<V>, A>(
    storeName,
    (store, key, { newValue: added, oldValue: removed }) => {
      const oldValue = store.get(key) ?? null;
      let aggregate: A | null = oldValue;
      if (removed !== null && aggregate !== null) aggregate = subtractor(key, removed, aggregate);
      if (added !== null) aggregate = adder(key, added, aggregate ?? initializer());
      if (aggregate === null) {
        // Only a reduce's subtractor can empty a group; the group's row is then deleted.
        if (oldValue === null) return undefined;
        store.delete(key);
      } else {
        store.put(key, aggregate);
      }
      return { newValue: aggregate, oldValue };
    },
  );
}
