import type { ProcessorContext, ProcessorSupplier } from '../../processor';
import type { KeyValueStore } from '../../stores';
import type { Change } from './change';

/**
 * Turns a changelog-style stream into a table: upserts (null deletes) into a store, and forwards
 * the change with the value it replaced.
 */
export function tableSourceProcessor<K, V>(storeName: string): ProcessorSupplier<K, V | null, K, Change<V>> {
  return () => {
    let context: ProcessorContext<K, Change<V>>;
    let store: KeyValueStore<K, V>;
    return {
      init: (ctx) => {
        context = ctx;
        store = ctx.getStateStore(storeName);
      },
      process: (record) => {
        if (record.key === null || record.key === undefined) return;
        const oldValue = store.get(record.key) ?? null;
        if (record.value === null || record.value === undefined) store.delete(record.key);
        else store.put(record.key, record.value);
        context.forward({ ...record, value: { newValue: record.value ?? null, oldValue } });
      },
    };
  };
}

/** Keeps a derived table's rows in a store (so joins can look them up) and passes changes on. */
export function tableMaterializeProcessor<K, V>(
  storeName: string,
): ProcessorSupplier<K, Change<V>, K, Change<V>> {
  return () => {
    let context: ProcessorContext<K, Change<V>>;
    let store: KeyValueStore<K, V>;
    return {
      init: (ctx) => {
        context = ctx;
        store = ctx.getStateStore(storeName);
      },
      process: (record) => {
        if (record.value.newValue === null) store.delete(record.key);
        else store.put(record.key, record.value.newValue);
        context.forward(record);
      },
    };
  };
}
