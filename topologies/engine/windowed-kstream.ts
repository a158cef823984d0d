import type { WindowedMaterialized } from './options';
import { Serdes, type SyncSerde } from './serdes';
import type { Windowed } from './stores';
import { SlidingWindows, type SessionWindows, type TimeWindows } from './windows';
import { StreamsError } from './errors';
import { addMaterializedStore, addProcessor } from './internals/dsl';
import type { TopologyGraph } from './internals/graph';
import type { Aggregator, Initializer } from './internals/processors/aggregate';
import type { LateRecordOutput } from './internals/processors/late-records';
import {
  type Merger,
  sessionWindowAggregateProcessor,
} from './internals/processors/session-window-aggregate';
import { slidingWindowAggregateProcessor } from './internals/processors/sliding-window-aggregate';
import { windowAggregateProcessor } from './internals/processors/window-aggregate';
import { KTable, type WindowInfo } from './ktable';

function lateOutput<K, V>(
  graph: TopologyGraph,
  store: string,
  materialized: WindowedMaterialized<K, unknown>,
  keySerde: SyncSerde<K>,
  valueSerde: SyncSerde<V>,
): LateRecordOutput<K, V> {
  const topic = materialized.lateRecordsTopic
    ? { name: materialized.lateRecordsTopic, internal: false }
    : graph.addInternalTopic({ name: `${store}-late`, purpose: 'late-records' });
  graph.addSideOutput(topic, store);
  return { topic, keySerde, valueSerde };
}

/**
 * The retention of a windowed store: the one asked for in `Materialized`, refused below what the
 * windows need (`minimumMs`), and never below the engine's own need (`neededMs`).
 */
function retentionOf(
  materialized: WindowedMaterialized<unknown, unknown>,
  minimumMs: number,
  neededMs: number,
  what: string,
): number {
  const asked = materialized.retentionMs;
  if (asked === undefined) return neededMs;
  if (!Number.isInteger(asked) || asked < minimumMs) {
    throw new StreamsError(
      'STREAMS_TOPOLOGY_INVALID',
      `retention of ${materialized.name ?? 'a windowed store'} must be an integer >= ${what} (${minimumMs} ms), got ${asked}`,
    );
  }
  return Math.max(asked, neededMs);
}

/** A grouped stream in tumbling, hopping or sliding windows. */
export class TimeWindowedKStream<K, V> {
  /** @internal */
  constructor(
    private readonly graph: TopologyGraph,
    private readonly nodeName: string,
    private readonly keySerde: SyncSerde<K>,
    private readonly valueSerde: SyncSerde<V>,
    private readonly windows: TimeWindows | SlidingWindows,
  ) {}

  count(materialized: WindowedMaterialized<K, number> = {}): KTable<Windowed<K>, number> {
    return this.aggregate(
      () => 0,
      (_k, _v, count) => count + 1,
      { valueSerde: Serdes.int64(), ...materialized },
    );
  }

  reduce(
    reducer: (aggregate: V, value: V) => V,
    materialized: WindowedMaterialized<K, V> = {},
  ): KTable<Windowed<K>, V> {
    const agg: Aggregator<K, V, V | null> = (_key, value, aggregate) =>
      aggregate === null ? value : reducer(aggregate, value);
    return this.aggregate<V | null>(() => null, agg, {
      valueSerde: this.valueSerde as SyncSerde<V | null>,
      ...(materialized as WindowedMaterialized<K, V | null>),
    }) as KTable<Windowed<K>, V>;
  }

  aggregate<A>(
    initializer: Initializer<A>,
    aggregator: Aggregator<K, V, A>,
    materialized: WindowedMaterialized<K, A> = {},
  ): KTable<Windowed<K>, A> {
    const valueSerde = materialized.valueSerde ?? Serdes.json<A>();
    const serdes = { key: this.keySerde, value: valueSerde };
    const windows = this.windows;
    if (windows instanceof SlidingWindows) {
      const retentionMs = windows.timeDifferenceMs * 2 + windows.graceMs + 1;
      const minimumMs = windows.timeDifferenceMs * 2 + windows.graceMs;
      const what = 'twice the time difference plus grace';
      const records = addMaterializedStore(
        this.graph,
        'window',
        'KSTREAM-SLIDINGRECORDS',
        undefined,
        { key: this.keySerde, value: this.valueSerde },
        { retentionMs, retainDuplicates: true, cached: false, windowSizeMs: 0 },
      );
      const store = addMaterializedStore(this.graph, 'window', 'KSTREAM-AGGREGATE', materialized, serdes, {
        retentionMs: retentionOf(materialized, minimumMs, retentionMs, what),
        cached: false,
        windowSizeMs: windows.timeDifferenceMs,
      });
      const late = lateOutput(this.graph, store, materialized, this.keySerde, this.valueSerde);
      const supplier = slidingWindowAggregateProcessor(
        records,
        store,
        windows,
        initializer,
        aggregator,
        late,
      );
      const name = addProcessor(
        this.graph,
        'KSTREAM-SLIDINGWINDOWAGGREGATE',
        [this.nodeName],
        supplier as never,
        { stores: [records, store] },
      );
      const info: WindowInfo = { kind: 'time', sizeMs: windows.timeDifferenceMs, graceMs: windows.graceMs };
      return new KTable<Windowed<K>, A>(this.graph, name, undefined, valueSerde, store, info, this.keySerde);
    }
    const closeMs = windows.sizeMs + windows.graceMs;
    const store = addMaterializedStore(this.graph, 'window', 'KSTREAM-AGGREGATE', materialized, serdes, {
      windowSizeMs: windows.sizeMs,
      retentionMs: retentionOf(materialized, closeMs, closeMs, 'window size plus grace'),
    });
    const late = lateOutput(this.graph, store, materialized, this.keySerde, this.valueSerde);
    const supplier = windowAggregateProcessor(store, windows, initializer, aggregator, late);
    const name = addProcessor(this.graph, 'KSTREAM-WINDOWAGGREGATE', [this.nodeName], supplier as never, {
      stores: [store],
    });
    const info: WindowInfo = { kind: 'time', sizeMs: windows.sizeMs, graceMs: windows.graceMs };
    return new KTable<Windowed<K>, A>(this.graph, name, undefined, valueSerde, store, info, this.keySerde);
  }
}

/** A grouped stream in session windows. */
export class SessionWindowedKStream<K, V> {
  /** @internal */
  constructor(
    private readonly graph: TopologyGraph,
    private readonly nodeName: string,
    private readonly keySerde: SyncSerde<K>,
    private readonly valueSerde: SyncSerde<V>,
    private readonly windows: SessionWindows,
  ) {}

  count(materialized: WindowedMaterialized<K, number> = {}): KTable<Windowed<K>, number> {
    return this.aggregate(
      () => 0,
      (_k, _v, count) => count + 1,
      (_k, a, b) => a + b,
      {
        valueSerde: Serdes.int64(),
        ...materialized,
      },
    );
  }

  aggregate<A>(
    initializer: Initializer<A>,
    aggregator: Aggregator<K, V, A>,
    merger: Merger<K, A>,
    materialized: WindowedMaterialized<K, A> = {},
  ): KTable<Windowed<K>, A> {
    const valueSerde = materialized.valueSerde ?? Serdes.json<A>();
    const closeMs = this.windows.inactivityGapMs + this.windows.graceMs;
    const store = addMaterializedStore(
      this.graph,
      'session',
      'KSTREAM-SESSION',
      materialized,
      { key: this.keySerde, value: valueSerde },
      // One more than the close time, so a session accepted at its last open moment is stored.
      { retentionMs: retentionOf(materialized, closeMs, closeMs + 1, 'gap plus grace'), cached: false },
    );
    const late = lateOutput(this.graph, store, materialized, this.keySerde, this.valueSerde);
    const supplier = sessionWindowAggregateProcessor(
      store,
      this.windows,
      initializer,
      aggregator,
      merger,
      late,
    );
    const name = addProcessor(
      this.graph,
      'KSTREAM-SESSIONWINDOWAGGREGATE',
      [this.nodeName],
      supplier as never,
      { stores: [store] },
    );
    // A session is final only once no record can extend it: gap plus grace after its end.
    const info: WindowInfo = {
      kind: 'session',
      sizeMs: 0,
      graceMs: this.windows.inactivityGapMs + this.windows.graceMs,
    };
    return new KTable<Windowed<K>, A>(this.graph, name, undefined, valueSerde, store, info, this.keySerde);
  }
}
