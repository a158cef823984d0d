import { StreamsError } from '../../errors';
import type { Processor, ProcessorContext, ProcessorSupplier } from '../../processor';
import type { StreamRecord } from '../../record';

/**
 * Wraps a processor so that whatever it forwards keeps the key of the record it is processing:
 * the guarantee `processValues` gives, which lets the stream skip a repartition before grouping.
 */
export function keyPreserving<K, VIn, VOut>(
  supplier: ProcessorSupplier<K, VIn, K, VOut>,
): ProcessorSupplier<K, VIn, K, VOut> {
  return () => {
    const inner = supplier();
    // The key of the record being processed; `processing` tells a key of `undefined` from none.
    let key: K | undefined;
    let processing = false;
    return {
      init(context) {
        const fixed: ProcessorContext<K, VOut> = {
          applicationId: context.applicationId,
          taskId: context.taskId,
          get recordMetadata() {
            return context.recordMetadata;
          },
          forward(record: StreamRecord<K, VOut>, childName?: string) {
            if (!processing) {
              throw new StreamsError(
                'STREAMS_PROCESSING_FAILED',
                'a processValues processor forwarded outside process(): it has no key to keep',
              );
            }
            // Most processors forward the key they were given: that record needs no copy.
            context.forward(record.key === key ? record : { ...record, key: key as K }, childName);
          },
          getStateStore: (name) => context.getStateStore(name),
          schedule: (intervalMs, type, callback) => context.schedule(intervalMs, type, callback),
          currentStreamTimeMs: () => context.currentStreamTimeMs(),
          currentSystemTimeMs: () => context.currentSystemTimeMs(),
        };
        inner.init?.(fixed);
      },
      process(record) {
        key = record.key;
        processing = true;
        try {
          inner.process(record);
        } finally {
          processing = false;
          key = undefined;
        }
      },
      close() {
        inner.close?.();
      },
    } satisfies Processor<K, VIn, K, VOut>;
  };
}
