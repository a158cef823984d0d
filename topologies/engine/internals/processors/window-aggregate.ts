import type { ProcessorSupplier } from '../../processor';
import type { WindowStore, Windowed } from '../../stores';
import type { TimeWindows } from '../../windows';
import { internalContext } from '../processor-node';
import type { WindowKey } from '../stores/composite-keys';
import type { Aggregator, Initializer } from './aggregate';
import type { Change } from './change';
import { type LateRecordOutput, sendLateRecord } from './late-records';
import { ObservedStreamTime } from './observed-time';

/**
 * Aggregates per key and tumbling or hopping window. A record whose windows have all closed
 * (the operator's stream time past window end plus grace) is late: counted and sent to the side
 * output.
 */
export function windowAggregateProcessor<K, V, A>(
  storeName: string,
  windows: TimeWindows,
  initializer: Initializer<A>,
  aggregator: Aggregator<K, V, A>,
  late: LateRecordOutput<K, V>,
): ProcessorSupplier<K, V, Windowed<K>, Change<A>> {
  return () => {
    let store: WindowStore<K, A>;
    let cached = false;
    let context: ReturnType<typeof internalContext<Windowed<K>, Change<A>>>;
    const streamTime = new ObservedStreamTime();
    const windowed = (key: K, start: number): Windowed<K> => ({
      key,
      window: { start, end: start + windows.sizeMs },
    });
    return {
      init: (ctx) => {
        context = internalContext(ctx);
        store = ctx.getStateStore(storeName);
        cached = context.setCacheFlushListener<WindowKey<K>, A>(
          storeName,
          (key, newValue, oldValue, timestamp) =>
            context.forward({ key: windowed(key.key, key.start), value: { newValue, oldValue }, timestamp }),
        );
      },
      process: (record) => {
        if (record.key === null || record.key === undefined) return;
        if (record.value === null || record.value === undefined) return;
        const closeBefore = streamTime.observe(record.timestamp) - windows.graceMs;
        let accepted = false;
        let lastEnd = 0;
        for (const start of windows.windowStartsFor(record.timestamp)) {
          lastEnd = start + windows.sizeMs;
          if (lastEnd <= closeBefore) continue;
          accepted = true;
          const oldValue = store.fetch(record.key, start) ?? null;
          const newValue = aggregator(record.key, record.value, oldValue ?? initializer());
          store.put(record.key, newValue, start);
          if (!cached) {
            context.forward({
              key: windowed(record.key, start),
              value: { newValue, oldValue },
              timestamp: record.timestamp,
            });
          }
        }
        if (!accepted) sendLateRecord(context, late, record, lastEnd, streamTime.now);
      },
    };
  };
}
