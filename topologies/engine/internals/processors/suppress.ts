import type { ProcessorSupplier } from '../../processor';
import type { KeyValueStore, Windowed } from '../../stores';
import type { Change } from './change';
import { internalContext } from '../processor-node';
import { ObservedStreamTime } from './observed-time';

/** One pending final result in the suppression buffer. */
export interface SuppressedEntry<K, A> {
  readonly key: Windowed<K>;
  readonly change: Change<A>;
  readonly timestamp: number;
}

/**
 * Final results only: holds the latest update of each window and forwards it once its stream time
 * (the latest update's time it has seen, as the window aggregate above it keeps its own) passes
 * the window's end plus grace, so downstream sees exactly one record per window. The
 * buffer is a change-logged store keyed by (window end, key), so closed windows are found by one
 * ordered scan and a restart loses nothing.
 */
export function suppressProcessor<K, A>(
  bufferStoreName: string,
  graceMs: number,
  bufferKey: (key: Windowed<K>) => string,
): ProcessorSupplier<Windowed<K>, Change<A>, Windowed<K>, Change<A>> {
  return () => {
    let buffer: KeyValueStore<string, SuppressedEntry<K, A>>;
    let context: ReturnType<typeof internalContext<Windowed<K>, Change<A>>>;
    const streamTime = new ObservedStreamTime();
    /** Forwards and drops every buffered window that this operator's stream time has closed. */
    const emitClosed = (): void => {
      const closed: SuppressedEntry<K, A>[] = [];
      for (const entry of buffer.all()) {
        if (entry.value.key.window.end + graceMs > streamTime.now) break;
        closed.push(entry.value);
      }
      for (const entry of closed) {
        buffer.delete(bufferKey(entry.key));
        context.forward({ key: entry.key, value: entry.change, timestamp: entry.timestamp });
      }
    };
    return {
      init: (ctx) => {
        context = internalContext(ctx);
        buffer = ctx.getStateStore(bufferStoreName);
        // Emit only once the task's caches have flushed: until then a closed window may still
        // have a cached update on its way here, and emitting early would emit it twice.
        context.onCachesFlushed(emitClosed);
      },
      process: (record) => {
        streamTime.observe(record.timestamp);
        const key = bufferKey(record.key);
        if (record.value.newValue === null) {
          // A window that was replaced (a merged session) has no final result: drop it.
          buffer.delete(key);
        } else {
          // Buffered even if its window has already closed: an update that reaches us after stream
          // time moved on (through a cache flush) is still that window's final result.
          const previous = buffer.get(key);
          const change = {
            newValue: record.value.newValue,
            // The value before the first buffered update is what downstream last saw.
            oldValue: previous === undefined ? record.value.oldValue : previous.change.oldValue,
          };
          buffer.put(key, { key: record.key, change, timestamp: record.timestamp });
        }
      },
    };
  };
}
