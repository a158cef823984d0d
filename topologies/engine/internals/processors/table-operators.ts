import type { ProcessorContext, ProcessorSupplier } from '../../processor';
import type { StreamRecord } from '../../record';
import type { Change } from './change';

function tableProcessor<K, V, VOut>(
  apply: (key: K, value: V) => VOut | null,
): ProcessorSupplier<K, Change<V>, K, Change<VOut>> {
  return () => {
    let context: ProcessorContext<K, Change<VOut>>;
    const map = (key: K, value: V | null): VOut | null => (value === null ? null : apply(key, value));
    return {
      init: (ctx) => {
        context = ctx;
      },
      process: (record) => {
        const newValue = map(record.key, record.value.newValue);
        const oldValue = map(record.key, record.value.oldValue);
        if (newValue === null && oldValue === null) return;
        context.forward({ ...record, value: { newValue, oldValue } });
      },
    };
  };
}

/** Table filter: a row that stops matching is forwarded as a deletion. */
export function tableFilterProcessor<K, V>(
  predicate: (key: K, value: V) => boolean,
): ProcessorSupplier<K, Change<V>, K, Change<V>> {
  return tableProcessor<K, V, V>((key, value) => (predicate(key, value) ? value : null));
}

export function tableMapValuesProcessor<K, V, VOut>(
  mapper: (value: V, key: K) => VOut,
): ProcessorSupplier<K, Change<V>, K, Change<VOut>> {
  return tableProcessor<K, V, VOut>((key, value) => mapper(value, key));
}

/** A table's changes as a stream of new values (null for deletions). */
export function toStreamProcessor<K, V>(): ProcessorSupplier<K, Change<V>, K, V | null> {
  return () => {
    let context: ProcessorContext<K, V | null>;
    return {
      init: (ctx) => {
        context = ctx;
      },
      process: (record: StreamRecord<K, Change<V>>) => {
        context.forward({ ...record, value: record.value.newValue });
      },
    };
  };
}
