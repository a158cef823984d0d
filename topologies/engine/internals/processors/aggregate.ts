import type { ProcessorSupplier } from '../../processor';
import type { KeyValueStore } from '../../stores';
import { internalContext } from '../processor-node';
import type { Change } from './change';

export type Initializer<A> = () => A;
export type Aggregator<K, V, A> = (key: K, value: V, aggregate: A) => A;

/**
 * Running aggregate per key (count, reduce and aggregate are all this). With a cached store the
 * changes are forwarded when the cache flushes, collapsed per key; otherwise on every record.
 */
export function aggregateProcessor<K, V, A>(
  storeName: string,
  initializer: Initializer<A>,
  aggregator: Aggregator<K, V, A>,
): ProcessorSupplier<K, V, K, Change<A>> {
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
        const oldValue = store.get(record.key) ?? null;
        const newValue = aggregator(record.key, record.value, oldValue ?? initializer());
        store.put(record.key, newValue);
        if (!cached) forward(record.key, { newValue, oldValue }, record.timestamp);
      },
    };
  };
}
