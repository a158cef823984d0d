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
    let current: { key: K } | undefined;
    return {
      init(context) {
        const fixed: ProcessorContext<K, VOut> = {
          applicationId: context.applicationId,
          taskId: context.taskId,
          get recordMetadata() {
            return context.recordMetadata;
          },
          forward(record: StreamRecord<K, VOut>, childName?: string) {
            if (!current) {
              throw new StreamsError(
                'STREAMS_PROCESSING_FAILED',
                'a processValues processor forwarded outside process(): it has no key to keep',
              );
            }
            context.forward({ ...record, key: current.key }, childName);
          },
          getStateStore: (name) => context.getStateStore(name),
          schedule: (intervalMs, type, callback) => context.schedule(intervalMs, type, callback),
          currentStreamTimeMs: () => context.currentStreamTimeMs(),
          currentSystemTimeMs: () => context.currentSystemTimeMs(),
        };
        inner.init?.(fixed);
      },
      process(record) {
        current = { key: record.key };
        try {
          inner.process(record);
        } finally {
          current = undefined;
        }
      },
      close() {
        inner.close?.();
      },
    } satisfies Processor<K, VIn, K, VOut>;
  };
}
