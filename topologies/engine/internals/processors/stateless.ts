import type { ProcessorContext, ProcessorSupplier } from '../../processor';
import type { StreamRecord } from '../../record';

/**
 * The stateless operators: each maps one record to zero or more records. `map`, `mapValues`,
 * `selectKey`, `flatMap`, `flatMapValues`, `filter` and `peek` are all this processor with a
 * different function, so they share one tested forwarding path.
 */
export type RecordFunction<KIn, VIn, KOut, VOut> = (
  record: StreamRecord<KIn, VIn>,
) => Iterable<StreamRecord<KOut, VOut>> | StreamRecord<KOut, VOut> | undefined;

export function statelessProcessor<KIn, VIn, KOut, VOut>(
  fn: RecordFunction<KIn, VIn, KOut, VOut>,
): ProcessorSupplier<KIn, VIn, KOut, VOut> {
  return () => {
    let context: ProcessorContext<KOut, VOut>;
    return {
      init: (ctx) => {
        context = ctx;
      },
      process: (record) => {
        const out = fn(record);
        if (out === undefined) return;
        if (isSingle(out)) {
          context.forward(out);
          return;
        }
        for (const each of out) context.forward(each);
      },
    };
  };
}

function isSingle<K, V>(out: Iterable<StreamRecord<K, V>> | StreamRecord<K, V>): out is StreamRecord<K, V> {
  return typeof (out as Iterable<unknown>)[Symbol.iterator] !== 'function' || 'timestamp' in out;
}

/** Forwards each record to the first branch whose predicate accepts it (or drops it). */
export function branchProcessor<K, V>(
  predicates: ReadonlyArray<(record: StreamRecord<K, V>) => boolean>,
  children: readonly string[],
): ProcessorSupplier<K, V, K, V> {
  return () => {
    let context: ProcessorContext<K, V>;
    return {
      init: (ctx) => {
        context = ctx;
      },
      process: (record) => {
        const index = predicates.findIndex((predicate) => predicate(record));
        if (index >= 0) context.forward(record, children[index]);
      },
    };
  };
}
