import type { ProcessorContext, ProcessorSupplier } from '../../processor';
import type { StreamRecord } from '../../record';
import type { KeyValueStore, WindowStore } from '../../stores';
import type { JoinWindows } from '../../windows';
import type { Change } from './change';

/** Combines the two sides of a join; `other` is null in a left join without a match. */
export type ValueJoiner<V1, V2, R> = (value: V1, other: V2) => R;
export type JoinKind = 'inner' | 'left';

/** Stream-table join: each stream record looks up the table's current row for its key. */
export function streamTableJoinProcessor<K, V, VT, R>(
  tableStore: string,
  kind: JoinKind,
  joiner: ValueJoiner<V, VT | null, R>,
): ProcessorSupplier<K, V, K, R> {
  return () => {
    let context: ProcessorContext<K, R>;
    let table: KeyValueStore<K, VT>;
    return {
      init: (ctx) => {
        context = ctx;
        table = ctx.getStateStore(tableStore);
      },
      process: (record) => {
        if (record.key === null || record.key === undefined) return;
        const row = table.get(record.key) ?? null;
        if (row === null && kind === 'inner') return;
        context.forward({ ...record, value: joiner(record.value, row) });
      },
    };
  };
}

/**
 * One side of a table-table join: a change on this side is joined with the other side's current
 * row. `thisIsLeft` keeps the joiner's argument order whichever side changed.
 */
export function tableTableJoinProcessor<K, VL, VR, R>(
  otherStore: string,
  kind: JoinKind,
  thisIsLeft: boolean,
  joiner: ValueJoiner<VL, VR | null, R>,
): ProcessorSupplier<K, Change<unknown>, K, Change<R>> {
  return () => {
    let context: ProcessorContext<K, Change<R>>;
    let other: KeyValueStore<K, unknown>;
    const join = (mine: unknown, theirs: unknown): R | null => {
      const left = (thisIsLeft ? mine : theirs) as VL | null;
      const right = (thisIsLeft ? theirs : mine) as VR | null;
      if (left === null) return null;
      if (right === null && kind === 'inner') return null;
      return joiner(left, right);
    };
    return {
      init: (ctx) => {
        context = ctx;
        other = ctx.getStateStore(otherStore);
      },
      process: (record) => {
        const theirs = other.get(record.key) ?? null;
        const newValue = join(record.value.newValue, theirs);
        const oldValue = join(record.value.oldValue, theirs);
        if (newValue === null && oldValue === null) return;
        context.forward({ ...record, value: { newValue, oldValue } });
      },
    };
  };
}

/**
 * One side of a windowed stream-stream join: remember this record, then join it with every record
 * of the other side whose time is within the join window. A left join emits `(value, null)` for a
 * left record that finds no partner when it arrives.
 */
export function streamStreamJoinProcessor<K, V1, V2, R>(
  thisStore: string,
  otherStore: string,
  windows: JoinWindows,
  thisIsLeft: boolean,
  kind: JoinKind,
  joiner: ValueJoiner<V1, V2 | null, R>,
): ProcessorSupplier<K, unknown, K, R> {
  return () => {
    let context: ProcessorContext<K, R>;
    let mine: WindowStore<K, unknown>;
    let theirs: WindowStore<K, unknown>;
    return {
      init: (ctx) => {
        context = ctx;
        mine = ctx.getStateStore(thisStore);
        theirs = ctx.getStateStore(otherStore);
      },
      process: (record: StreamRecord<K, unknown>) => {
        if (record.key === null || record.key === undefined) return;
        const time = record.timestamp;
        mine.put(record.key, record.value, time);
        const from = thisIsLeft ? time - windows.beforeMs : time - windows.afterMs;
        const to = thisIsLeft ? time + windows.afterMs : time + windows.beforeMs;
        const partners = theirs.fetchRange(record.key, from, to);
        for (const partner of partners) {
          const value = thisIsLeft
            ? joiner(record.value as V1, partner.value as V2)
            : joiner(partner.value as V1, record.value as V2);
          context.forward({ ...record, timestamp: Math.max(time, partner.windowStart), value });
        }
        if (partners.length === 0 && thisIsLeft && kind === 'left') {
          context.forward({ ...record, value: joiner(record.value as V1, null) });
        }
      },
    };
  };
}
