import type { ProcessorContext, ProcessorSupplier } from '../../processor';
import type { KeyValue } from '../../stores';
import type { Change } from './change';

/** Picks a regrouped table row's new key and value; a null key or value leaves the row out. */
export type TableGroupSelector<K, V, KR, VR> = (key: K, value: V) => KeyValue<KR, VR>;

function select<K, V, KR, VR>(
  selector: TableGroupSelector<K, V, KR, VR>,
  key: K,
  value: V | null,
): KeyValue<KR, VR> | undefined {
  if (value === null) return undefined;
  const pair = selector(key, value);
  if (pair.key === null || pair.key === undefined) return undefined;
  if (pair.value === null || pair.value === undefined) return undefined;
  return pair;
}

/**
 * Regroups a table's changes (Kafka Streams' `KTableRepartitionMap`): the old row leaves the group
 * of its old key and the new row joins the group of its new key. When both fall in one group a
 * single change carries both, so the aggregation subtracts before it adds and emits once; otherwise
 * the subtraction goes first, then the addition, each to its own group (and partition).
 */
export function tableRepartitionMapProcessor<K, V, KR, VR>(
  selector: TableGroupSelector<K, V, KR, VR>,
  sameKey: (a: KR, b: KR) => boolean,
): ProcessorSupplier<K, Change<V>, KR, Change<VR>> {
  return () => {
    let context: ProcessorContext<KR, Change<VR>>;
    return {
      init: (ctx) => {
        context = ctx;
      },
      process: (record) => {
        const next = select(selector, record.key, record.value.newValue);
        const previous = select(selector, record.key, record.value.oldValue);
        const forward = (key: KR, newValue: VR | null, oldValue: VR | null) =>
          context.forward({ ...record, key, value: { newValue, oldValue } });
        if (next !== undefined && previous !== undefined && sameKey(next.key, previous.key)) {
          forward(next.key, next.value, previous.value);
          return;
        }
        if (previous !== undefined) forward(previous.key, null, previous.value);
        if (next !== undefined) forward(next.key, next.value, null);
      },
    };
  };
}
