import type { ProcessorSupplier } from '../../processor';
import type { WindowStore, Windowed } from '../../stores';
import type { SlidingWindows } from '../../windows';
import { internalContext } from '../processor-node';
import type { Aggregator, Initializer } from './aggregate';
import type { Change } from './change';
import { type LateRecordOutput, sendLateRecord } from './late-records';
import { ObservedStreamTime } from './observed-time';

/**
 * Sliding windows ending at each record: the window [t - difference, t] of every record time t
 * holds the aggregate of the key's records in that range. A new record updates its own window
 * and every window ending within `difference` after it. The raw records are kept (with
 * duplicates) for `difference + grace`, so each affected window is recomputed exactly.
 */
export function slidingWindowAggregateProcessor<K, V, A>(
  recordsStoreName: string,
  aggregatesStoreName: string,
  windows: SlidingWindows,
  initializer: Initializer<A>,
  aggregator: Aggregator<K, V, A>,
  late: LateRecordOutput<K, V>,
): ProcessorSupplier<K, V, Windowed<K>, Change<A>> {
  return () => {
    let records: WindowStore<K, V>;
    let aggregates: WindowStore<K, A>;
    let context: ReturnType<typeof internalContext<Windowed<K>, Change<A>>>;
    const difference = windows.timeDifferenceMs;
    const streamTime = new ObservedStreamTime();
    return {
      init: (ctx) => {
        context = internalContext(ctx);
        records = ctx.getStateStore(recordsStoreName);
        aggregates = ctx.getStateStore(aggregatesStoreName);
      },
      process: (record) => {
        if (record.key === null || record.key === undefined) return;
        if (record.value === null || record.value === undefined) return;
        const time = record.timestamp;
        const closeBefore = streamTime.observe(time) - windows.graceMs;
        if (time + difference <= closeBefore) {
          sendLateRecord(context, late, record, time + difference, streamTime.now);
          return;
        }
        records.put(record.key, record.value, time);
        const nearby = records.fetchRange(record.key, time - difference, time + difference);
        const ends = [...new Set(nearby.map((entry) => entry.windowStart).filter((t) => t >= time))];
        for (const end of ends) {
          if (end <= closeBefore) continue;
          let aggregate = initializer();
          for (const entry of nearby) {
            if (entry.windowStart >= end - difference && entry.windowStart <= end) {
              aggregate = aggregator(record.key, entry.value, aggregate);
            }
          }
          const start = end - difference;
          const oldValue = aggregates.fetch(record.key, start) ?? null;
          aggregates.put(record.key, aggregate, start);
          const key: Windowed<K> = { key: record.key, window: { start, end } };
          context.forward({ key, value: { newValue: aggregate, oldValue }, timestamp: end });
        }
      },
    };
  };
}
