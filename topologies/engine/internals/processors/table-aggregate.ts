import type { ProcessorSupplier } from '../../processor';
import type { KeyValueStore } from '../../stores';
import { internalContext } from '../processor-node';
import type { Aggregator, Initializer } from './aggregate';
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
  return () => {
    let store: KeyValueStore<K, A>;
    let cached = false;
    let forward: (key: K, change: Change<A>, timestamp: number) => void;
    return {
      init: (ctx) => {
        const context = internalContext(ctx);
        store = ctx.getStateStore(storeName);
        forward = (key, value, timestamp) => context.forward({ key, value, timestamp });
        cached = context.setCacheFlushListener<K, A>(storeName, (key, newValue, oldValue, timestamp) =>
          forward(key, { newValue, oldValue }, timestamp),
        );
      },
      process: (record) => {
        if (record.key === null || record.key === undefined) return;
        if (record.value === null || record.value === undefined) return;
        const { newValue: added, oldValue: removed } = record.value;
        const oldValue = store.get(record.key) ?? null;
        let aggregate: A | null = oldValue;
        if (removed !== null && aggregate !== null) aggregate = subtractor(record.key, removed, aggregate);
        if (added !== null) aggregate = adder(record.key, added, aggregate ?? initializer());
        if (aggregate === null) {
          // Only a reduce's subtractor can empty a group; the group's row is then deleted.
          if (oldValue === null) return;
          store.delete(record.key);
        } else {
          store.put(record.key, aggregate);
        }
        if (!cached) forward(record.key, { newValue: aggregate, oldValue }, record.timestamp);
      },
    };
  };
}
