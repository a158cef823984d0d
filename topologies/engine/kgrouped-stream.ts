import type { Materialized } from './options';
import type { SyncSerde } from './serdes';
import { SessionWindows, SlidingWindows, type TimeWindows } from './windows';
import type { TopologyGraph } from './internals/graph';
import {
  countMaterialized,
  countOne,
  materializeAggregate,
  reduceAdder,
} from './internals/grouped-aggregate';
import { type Aggregator, type Initializer, aggregateProcessor } from './internals/processors/aggregate';
import type { KTable } from './ktable';
import { SessionWindowedKStream, TimeWindowedKStream } from './windowed-kstream';

/** A stream grouped by key, ready to aggregate, optionally in windows. */
export class KGroupedStream<K, V> {
  /** @internal */
  constructor(
    private readonly graph: TopologyGraph,
    private readonly nodeName: string,
    private readonly keySerde: SyncSerde<K>,
    private readonly valueSerde: SyncSerde<V>,
  ) {}

  /** Records per key. */
  count(materialized: Materialized<K, number> = {}): KTable<K, number> {
    return this.aggregate(() => 0, countOne, countMaterialized(materialized));
  }

  /** Combines the values of a key, the first value being the start. */
  reduce(reducer: (aggregate: V, value: V) => V, materialized: Materialized<K, V> = {}): KTable<K, V> {
    return this.aggregate<V | null>(() => null, reduceAdder(reducer), {
      valueSerde: this.valueSerde as SyncSerde<V | null>,
      ...(materialized as Materialized<K, V | null>),
    }) as KTable<K, V>;
  }

  /** Folds the values of a key into an aggregate. */
  aggregate<A>(
    initializer: Initializer<A>,
    aggregator: Aggregator<K, V, A>,
    materialized: Materialized<K, A> = {},
  ): KTable<K, A> {
    return materializeAggregate<K, V, A>(
      this.graph,
      'KSTREAM-AGGREGATE',
      this.keySerde,
      materialized,
      () => this.nodeName,
      (store) => aggregateProcessor(store, initializer, aggregator),
    );
  }

  /** Aggregates per key and time window (tumbling, hopping or sliding). */
  windowedBy(windows: TimeWindows | SlidingWindows): TimeWindowedKStream<K, V>;
  /** Aggregates per key and session. */
  windowedBy(windows: SessionWindows): SessionWindowedKStream<K, V>;
  windowedBy(
    windows: TimeWindows | SlidingWindows | SessionWindows,
  ): TimeWindowedKStream<K, V> | SessionWindowedKStream<K, V> {
    if (windows instanceof SessionWindows) {
      return new SessionWindowedKStream(this.graph, this.nodeName, this.keySerde, this.valueSerde, windows);
    }
    return new TimeWindowedKStream(this.graph, this.nodeName, this.keySerde, this.valueSerde, windows);
  }
}
