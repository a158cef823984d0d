import type { ProcessorSupplier } from '../../processor';
import type { SessionStore, Windowed } from '../../stores';
import type { SessionWindows } from '../../windows';
import { internalContext } from '../processor-node';
import type { Aggregator, Initializer } from './aggregate';
import type { Change } from './change';
import { type LateRecordOutput, sendLateRecord } from './late-records';
import { ObservedStreamTime } from './observed-time';

/** Combines the aggregates of two sessions that a new record bridges. */
export type Merger<K, A> = (key: K, left: A, right: A) => A;

/**
 * Session windows: a record joins every session of its key within the inactivity gap, merging
 * them into one. Replaced sessions are forwarded as deletions (new value null) before the merged
 * session, so downstream tables stay exact.
 */
export function sessionWindowAggregateProcessor<K, V, A>(
  storeName: string,
  windows: SessionWindows,
  initializer: Initializer<A>,
  aggregator: Aggregator<K, V, A>,
  merger: Merger<K, A>,
  late: LateRecordOutput<K, V>,
): ProcessorSupplier<K, V, Windowed<K>, Change<A>> {
  return () => {
    let store: SessionStore<K, A>;
    let context: ReturnType<typeof internalContext<Windowed<K>, Change<A>>>;
    const streamTime = new ObservedStreamTime();
    return {
      init: (ctx) => {
        context = internalContext(ctx);
        store = ctx.getStateStore(storeName);
      },
      process: (record) => {
        if (record.key === null || record.key === undefined) return;
        if (record.value === null || record.value === undefined) return;
        const time = record.timestamp;
        const overlapping = store.findSessions(
          record.key,
          time - windows.inactivityGapMs,
          time + windows.inactivityGapMs,
        );
        let start = time;
        let end = time;
        let aggregate = initializer();
        for (const session of overlapping) {
          start = Math.min(start, session.key.window.start);
          end = Math.max(end, session.key.window.end);
          aggregate = merger(record.key, aggregate, session.value);
        }
        // A session stays open for the gap after its (inclusive) end, since a record that late can
        // still extend it, and then for the grace: Kafka Streams' close time for sessions.
        if (end + windows.inactivityGapMs + windows.graceMs < streamTime.observe(time)) {
          sendLateRecord(context, late, record, end, streamTime.now);
          return;
        }
        aggregate = aggregator(record.key, record.value, aggregate);
        for (const session of overlapping) {
          store.remove(session.key);
          context.forward({
            key: session.key,
            value: { newValue: null, oldValue: session.value },
            timestamp: time,
          });
        }
        const merged: Windowed<K> = { key: record.key, window: { start, end } };
        store.put(merged, aggregate);
        context.forward({ key: merged, value: { newValue: aggregate, oldValue: null }, timestamp: time });
      },
    };
  };
}
