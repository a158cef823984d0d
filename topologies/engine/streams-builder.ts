import type { Consumed, Materialized } from './options';
import type { Serde, SyncSerde } from './serdes';
import type { TimestampExtractor } from './record';
import { Topology } from './topology';
import { addMaterializedStore, addProcessor, orJson, orJsonSync } from './internals/dsl';
import { TopologyGraph } from './internals/graph';
import { tableSourceProcessor } from './internals/processors/table-source';
import type { StoreType } from './internals/stores/store-definition';
import { KStream } from './kstream';
import { KTable } from './ktable';

/** A store for custom processors (`KStream.process`). */
export interface StoreSpec<K, V> {
  readonly name: string;
  readonly type: StoreType;
  readonly keySerde: SyncSerde<K>;
  readonly valueSerde: SyncSerde<V>;
  readonly persistent?: boolean;
  readonly logged?: boolean;
  /** Window stores: the window size; window and session stores: how long entries are kept. */
  readonly windowSizeMs?: number;
  readonly retentionMs?: number;
}

/**
 * The entry point of the DSL: declare sources, chain operators, then `build()` a `Topology`.
 *
 * ```ts
 * const builder = new StreamsBuilder();
 * builder.stream('posts', { keySerde: Serdes.string(), valueSerde: Serdes.json<Post>() })
 *   .groupByKey()
 *   .windowedBy(TimeWindows.ofSizeWithGrace(60_000, 5_000))
 *   .count()
 *   .toStream()
 *   .to('post-counts');
 * const topology = builder.build();
 * ```
 */
export class StreamsBuilder {
  private readonly graph = new TopologyGraph();
  private built = false;

  /** A stream of one or more topics (all must have the same partition count). */
  stream<K, V>(topics: string | readonly string[], consumed: Consumed<K, V> = {}): KStream<K, V> {
    const name = consumed.name ?? this.graph.newName('KSTREAM-SOURCE');
    this.graph.add({
      kind: 'source',
      name,
      topics: (typeof topics === 'string' ? [topics] : topics).map((topic) => ({
        name: topic,
        internal: false,
      })),
      keySerde: orJson(consumed.keySerde) as Serde<unknown>,
      valueSerde: orJson(consumed.valueSerde) as Serde<unknown>,
      timestampExtractor: consumed.timestampExtractor as TimestampExtractor<unknown, unknown> | undefined,
    });
    return new KStream<K, V>(this.graph, name, consumed.keySerde, consumed.valueSerde, false);
  }

  /** A table of a topic: the latest value per key, null values deleting. Always materialized. */
  table<K, V>(
    topic: string,
    consumed: Consumed<K, V> = {},
    materialized: Materialized<K, V> = {},
  ): KTable<K, V> {
    const stream = this.stream(topic, consumed);
    const keySerde = materialized.keySerde ?? orJsonSync(consumed.keySerde);
    const valueSerde = materialized.valueSerde ?? orJsonSync(consumed.valueSerde);
    const store = addMaterializedStore(
      this.graph,
      'key-value',
      'KTABLE-SOURCE',
      materialized,
      {
        key: keySerde,
        value: valueSerde,
      },
      { cached: false },
    );
    const name = addProcessor(
      this.graph,
      'KTABLE-SOURCE',
      [stream.nodeName],
      tableSourceProcessor(store) as never,
      {
        stores: [store],
      },
    );
    return new KTable<K, V>(this.graph, name, keySerde, valueSerde, store, undefined);
  }

  /** Registers a store that custom processors can connect to by name. */
  addStateStore<K, V>(spec: StoreSpec<K, V>): this {
    this.graph.addStore({
      name: spec.name,
      type: spec.type,
      keySerde: spec.keySerde as SyncSerde<unknown>,
      valueSerde: spec.valueSerde as SyncSerde<unknown>,
      logged: spec.logged ?? true,
      cached: false,
      persistent: spec.persistent ?? false,
      ...(spec.windowSizeMs !== undefined ? { windowSizeMs: spec.windowSizeMs } : {}),
      ...(spec.retentionMs !== undefined ? { retentionMs: spec.retentionMs } : {}),
    });
    return this;
  }

  /** Freezes what was declared into a runnable topology. */
  build(): Topology {
    if (this.built) throw new TypeError('StreamsBuilder.build() may be called once');
    this.built = true;
    return new Topology(this.graph);
  }
}
