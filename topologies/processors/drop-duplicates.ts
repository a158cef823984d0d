import {
  type Processor,
  type ProcessorContext,
  type ProcessorSupplier,
  Serdes,
  type StoreSpec,
  type StreamRecord,
  type WindowStore,
} from '../engine';

/**
 * A store of the ids a stream has seen, kept `retentionMs` of stream time: long enough for any
 * redelivery the sources make (Telegram retries a webhook for hours, X shows a post again on the
 * next poll), bounded so it never grows with the history.
 */
export function seenIdsStore(name: string, retentionMs: number): StoreSpec<string, number> {
  return {
    name,
    type: 'window',
    keySerde: Serdes.string(),
    valueSerde: Serdes.int64(),
    windowSizeMs: 1,
    retentionMs,
  };
}

/**
 * Forwards a record only the first time its id is seen at its time: a redelivered update or a
 * post observed twice carries the same id and the same time, so one lookup decides.
 */
export function dropDuplicates<K, V>(
  store: string,
  idOf: (value: V) => string,
  timeOf: (value: V) => number,
): ProcessorSupplier<K, V, K, V> {
  return (): Processor<K, V, K, V> => {
    let context: ProcessorContext<K, V>;
    let seen: WindowStore<string, number>;
    return {
      init(ctx) {
        context = ctx;
        seen = ctx.getStateStore<WindowStore<string, number>>(store);
      },
      process(record: StreamRecord<K, V>) {
        const id = idOf(record.value);
        const time = timeOf(record.value);
        if (seen.fetch(id, time) !== undefined) return;
        seen.put(id, 1, time);
        context.forward(record);
      },
    };
  };
}
