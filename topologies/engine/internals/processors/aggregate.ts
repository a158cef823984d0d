import type { ProcessorSupplier } from '../../processor';
import type { KeyValueStore } from '../../stores';
import { internalContext } from '../processor-node';
import type { Change } from './change';

export type Initializer<A> = () => A;
export type Aggregator<K, V, A> = (key: K, value: V, aggregate: A) => A;

/**
 * Applies one record to a key's stored aggregate and returns the change it made, or undefined when
 * it made none (nothing is then forwarded).
 */
export type StoreUpdate<K, V, A> = (store: KeyValueStore<K, A>, key: K, value: V) => Change<A> | undefined;

/**
 * The frame every keyed aggregate shares: records without a key or value are dropped, `update`
 * changes the store, and the change is forwarded at once, or, with a cached store, when the cache
 * flushes, collapsed per key.
 */
export function storeUpdateProcessor<K, V, A>(
  storeName: string,
  update: StoreUpdate<K, V, A>,
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
        const change = update(store, record.key, record.value);
        if (change !== undefined && !cached) forward(record.key, change, record.timestamp);
      },
    };
  };
}

/**
 * Running aggregate per key (count, reduce and aggregate are all this). With a cached store the
 * changes are forwarded when the cache flushes, collapsed per key; otherwise on every record.
 */
export function aggregateProcessor<K, V, A>(
  storeName: string,
  initializer: Initializer<A>,
  aggregator: Aggregator<K, V, A>,
): ProcessorSupplier<K, V, K, Change<A>> {
  return storeUpdateProcessor<K, V, A>(storeName, (store, key, value) => {
    const oldValue = store.get(key) ?? null;
    const newValue = aggregator(key, value, oldValue ?? initializer());
    store.put(key, newValue);
    return { newValue, oldValue };
  });
}
