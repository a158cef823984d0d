import type { ExternalSink, SinkOptions } from '../../external-sink';
import type { Processor, ProcessorContext, ProcessorSupplier } from '../../processor';
import type { StreamRecord } from '../../record';
import { type InternalProcessorContext, internalContext } from '../processor-node';

/**
 * Hands each record to its task's buffer for `sink`, stamped with the task's input version and the
 * input record it came from.
 */
export function externalSinkProcessor<K, V>(
  name: string,
  sink: ExternalSink<K, V>,
  options: SinkOptions,
): ProcessorSupplier<K, V, never, never> {
  return (): Processor<K, V, never, never> => {
    let context: InternalProcessorContext<never, never>;
    return {
      init(ctx: ProcessorContext<never, never>) {
        context = internalContext(ctx);
        context.registerExternalSink(name, sink as ExternalSink<unknown, unknown>, options);
      },
      process(record: StreamRecord<K, V>) {
        context.bufferForExternalSink(name, {
          key: record.key,
          value: record.value,
          timestamp: record.timestamp,
          version: context.inputVersion(),
          source: context.recordMetadata,
          headers: record.headers,
        });
      },
    };
  };
}
