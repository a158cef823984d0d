import type { Grouped, Materialized } from './options';
import type { KeyValue, Windowed } from './stores';
import { Serdes, type SyncSerde } from './serdes';
import { sessionWindowedSerde, windowedSerde } from './windowed-serde';
import { StreamsError } from './errors';
import { addMaterializedStore, addProcessor, orJsonSync } from './internals/dsl';
import type { TopologyGraph } from './internals/graph';
import { type ValueJoiner, tableTableJoinProcessor } from './internals/processors/joins';
import { suppressProcessor } from './internals/processors/suppress';
import { tableRepartitionMapProcessor } from './internals/processors/table-repartition-map';
import {
  tableFilterProcessor,
  tableMapValuesProcessor,
  toStreamProcessor,
} from './internals/processors/table-operators';
import { statelessProcessor } from './internals/processors/stateless';
import { tableMaterializeProcessor } from './internals/processors/table-source';
import { suppressBufferKey, suppressBufferSerde } from './internals/suppress-buffer';
import { KGroupedTable } from './kgrouped-table';
import { KStream } from './kstream';

/** Size and grace of the windows of a windowed table. */
export interface WindowInfo {
  /** Sessions have no fixed size: their keys carry the end as well as the start. */
  readonly kind: 'time' | 'session';
  readonly sizeMs: number;
  /** How long after a window's end it may still change (for sessions: gap plus grace). */
  readonly graceMs: number;
}

/** When a suppressed windowed table emits: once per window, after it closes. */
export const Suppressed = {
  untilWindowCloses: { kind: 'until-window-closes' } as const,
};

/**
 * A changelog view of a stream: the latest value per key. Tables made by aggregations are backed
 * by a store (queryable by its name); derived tables are materialized when a join needs them.
 */
export class KTable<K, V> {
  /** @internal */
  constructor(
    private readonly graph: TopologyGraph,
    private node: string,
    private readonly keySerde: SyncSerde<K> | undefined,
    private readonly valueSerde: SyncSerde<V> | undefined,
    private storeName: string | undefined,
    private readonly window: WindowInfo | undefined,
    /** The key serde inside `Windowed<...>` for windowed tables. */
    private readonly innerKeySerde?: SyncSerde<unknown>,
  ) {}

  /** @internal The node whose output is this table's changes. */
  get nodeName(): string {
    return this.node;
  }

  /** @internal The serde of this table's keys, if known: a stream joining it partitions alike. */
  get rowKeySerde(): SyncSerde<K> | undefined {
    return this.keySerde;
  }

  /** The store backing this table, for interactive queries (undefined until materialized). */
  get queryableStoreName(): string | undefined {
    return this.storeName;
  }

  private derived<VO>(
    prefix: string,
    supplier: unknown,
    valueSerde: SyncSerde<VO> | undefined,
  ): KTable<K, VO> {
    const name = addProcessor(this.graph, prefix, [this.nodeName], supplier as never);
    return new KTable<K, VO>(
      this.graph,
      name,
      this.keySerde,
      valueSerde,
      undefined,
      this.window,
      this.innerKeySerde,
    );
  }

  filter(predicate: (key: K, value: V) => boolean): KTable<K, V> {
    return this.derived('KTABLE-FILTER', tableFilterProcessor(predicate), this.valueSerde);
  }

  mapValues<VO>(mapper: (value: V, key: K) => VO, valueSerde?: SyncSerde<VO>): KTable<K, VO> {
    return this.derived('KTABLE-MAPVALUES', tableMapValuesProcessor(mapper), valueSerde);
  }

  /**
   * Regroups the rows by a new key for `count`, `aggregate` or `reduce`: `selector` maps each row
   * to its group's key and the value the group aggregates (a null key or value leaves the row
   * out). Rows move between groups as they change, through a repartition topic (see
   * `KGroupedTable`). Serdes default to JSON; `grouped.name` names the repartition topic.
   *
   * ```ts
   * // Distinct posts per channel: a post id seen twice counts once.
   * posts.groupBy((id, post) => ({ key: post.channel, value: id }), { keySerde: Serdes.string() }).count();
   * ```
   */
  groupBy<KR, VR>(
    selector: (key: K, value: V) => KeyValue<KR, VR>,
    grouped: Grouped<KR, VR> = {},
  ): KGroupedTable<KR, VR> {
    const keySerde = orJsonSync(grouped.keySerde);
    const sameKey = (a: KR, b: KR) => {
      const left = keySerde.serialize(a, 'groupBy');
      const right = keySerde.serialize(b, 'groupBy');
      return left !== null && right !== null && left.equals(right);
    };
    const name = addProcessor(
      this.graph,
      'KTABLE-SELECT',
      [this.nodeName],
      tableRepartitionMapProcessor(selector, sameKey) as never,
    );
    return new KGroupedTable<KR, VR>(
      this.graph,
      name,
      grouped.name,
      keySerde,
      orJsonSync(grouped.valueSerde),
    );
  }

  /** The table's updates as a stream; a deleted row arrives with a null value. */
  toStream(): KStream<K, V> {
    const name = addProcessor(this.graph, 'KTABLE-TOSTREAM', [this.nodeName], toStreamProcessor() as never);
    return new KStream<K, V>(this.graph, name, this.streamKeySerde(), this.valueSerde, false);
  }

  /** Only the final result of each window, once stream time passes its end plus grace. */
  suppress(_until: typeof Suppressed.untilWindowCloses): KTable<K, V> {
    if (this.window === undefined || this.innerKeySerde === undefined) {
      throw new StreamsError(
        'STREAMS_TOPOLOGY_INVALID',
        'suppress(untilWindowCloses) needs a windowed table',
      );
    }
    const keySerde = this.innerKeySerde;
    const valueSerde = orJsonSync(this.valueSerde);
    const store = addMaterializedStore(
      this.graph,
      'key-value',
      'KTABLE-SUPPRESS',
      undefined,
      {
        key: Serdes.string(),
        value: suppressBufferSerde(keySerde, valueSerde),
      },
      { cached: false },
    );
    const supplier = suppressProcessor(
      store,
      this.window.graceMs,
      suppressBufferKey(keySerde) as (key: Windowed<unknown>) => string,
    );
    const name = addProcessor(this.graph, 'KTABLE-SUPPRESS', [this.nodeName], supplier as never, {
      stores: [store],
    });
    return new KTable<K, V>(
      this.graph,
      name,
      this.keySerde,
      this.valueSerde,
      undefined,
      this.window,
      this.innerKeySerde,
    );
  }

  join<VO, R>(other: KTable<K, VO>, joiner: ValueJoiner<V, VO, R>): KTable<K, R> {
    return this.joinTable(other, 'inner', joiner as ValueJoiner<V, VO | null, R>);
  }

  leftJoin<VO, R>(other: KTable<K, VO>, joiner: ValueJoiner<V, VO | null, R>): KTable<K, R> {
    return this.joinTable(other, 'left', joiner);
  }

  private joinTable<VO, R>(
    other: KTable<K, VO>,
    kind: 'inner' | 'left',
    joiner: ValueJoiner<V, VO | null, R>,
  ): KTable<K, R> {
    const mine = this.materializedStoreName();
    const theirs = other.materializedStoreName();
    const stores = [mine, theirs];
    const left = addProcessor(
      this.graph,
      'KTABLE-JOINTHIS',
      [this.nodeName],
      tableTableJoinProcessor(theirs, kind, true, joiner) as never,
      { stores },
    );
    const right = addProcessor(
      this.graph,
      'KTABLE-JOINOTHER',
      [other.nodeName],
      tableTableJoinProcessor(mine, kind, false, joiner) as never,
      { stores },
    );
    const merged = addProcessor(
      this.graph,
      'KTABLE-MERGE',
      [left, right],
      statelessProcessor((r) => r),
    );
    return new KTable<K, R>(this.graph, merged, this.keySerde, undefined, undefined, undefined);
  }

  /** @internal The store holding this table's rows, materializing the table first if needed. */
  materializedStoreName(materialized: Materialized<K, V> = {}): string {
    if (this.storeName !== undefined) return this.storeName;
    const store = addMaterializedStore(
      this.graph,
      'key-value',
      'KTABLE-MATERIALIZE',
      materialized,
      {
        key: orJsonSync(this.keySerde),
        value: orJsonSync(this.valueSerde),
      },
      { cached: false },
    );
    this.node = addProcessor(
      this.graph,
      'KTABLE-MATERIALIZE',
      [this.node],
      tableMaterializeProcessor(store) as never,
      { stores: [store] },
    );
    this.storeName = store;
    return store;
  }

  private streamKeySerde(): SyncSerde<K> | undefined {
    if (this.window === undefined || this.innerKeySerde === undefined) return this.keySerde;
    const serde =
      this.window.kind === 'session'
        ? sessionWindowedSerde(this.innerKeySerde)
        : windowedSerde(this.innerKeySerde, this.window.sizeMs);
    return serde as unknown as SyncSerde<K>;
  }
}
