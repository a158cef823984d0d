import type { ProcessorSupplier } from './processor';
import type { Grouped, Named, Produced } from './options';
import type { StreamRecord } from './record';
import type { KeyValue } from './stores';
import type { Serde, SyncSerde } from './serdes';
import type { JoinWindows } from './windows';
import type { ExternalSink, SinkOptions } from './external-sink';
import { addMaterializedStore, addProcessor, addRepartition, orJson, orJsonSync } from './internals/dsl';
import type { TopologyGraph } from './internals/graph';
import {
  type ValueJoiner,
  streamStreamJoinProcessor,
  streamTableJoinProcessor,
} from './internals/processors/joins';
import { branchProcessor, statelessProcessor } from './internals/processors/stateless';
import { externalSinkProcessor } from './internals/processors/external-sink';
import { keyPreserving } from './internals/processors/key-preserving';
import { KGroupedStream } from './kgrouped-stream';
import type { KTable } from './ktable';

/**
 * A stream of records. Every operator returns a new stream (or table) and adds one node to the
 * topology; nothing runs until the topology is started by `StreamsApp` or `TopologyTestDriver`.
 */
export class KStream<K, V> {
  /** @internal Streams are made by `StreamsBuilder.stream()` and by operators. */
  constructor(
    private readonly graph: TopologyGraph,
    /** @internal */ readonly nodeName: string,
    /** @internal */ readonly keySerde: Serde<K> | undefined,
    /** @internal */ readonly valueSerde: Serde<V> | undefined,
    /** @internal True once the key may have changed since the last partitioning. */
    readonly keyChanged = false,
  ) {}

  private next<KO, VO>(
    prefix: string,
    supplier: ProcessorSupplier<K, V, KO, VO>,
    serdes: { key: Serde<KO> | undefined; value: Serde<VO> | undefined; keyChanged: boolean },
    named?: Named,
  ): KStream<KO, VO> {
    const name = addProcessor(this.graph, prefix, [this.nodeName], supplier as never, named);
    return new KStream(this.graph, name, serdes.key, serdes.value, serdes.keyChanged);
  }

  private same<VO>(valueSerde: Serde<VO> | undefined) {
    return { key: this.keySerde, value: valueSerde, keyChanged: this.keyChanged };
  }

  filter(predicate: (key: K, value: V) => boolean, named?: Named): KStream<K, V> {
    const fn = (r: StreamRecord<K, V>) => (predicate(r.key, r.value) ? r : undefined);
    return this.next('KSTREAM-FILTER', statelessProcessor(fn), this.same(this.valueSerde), named);
  }

  filterNot(predicate: (key: K, value: V) => boolean, named?: Named): KStream<K, V> {
    return this.filter((key, value) => !predicate(key, value), named);
  }

  /** New key and value; grouping afterwards repartitions. */
  map<KO, VO>(mapper: (key: K, value: V) => KeyValue<KO, VO>, named?: Named): KStream<KO, VO> {
    const fn = (r: StreamRecord<K, V>) => ({ ...r, ...mapper(r.key, r.value) });
    return this.next(
      'KSTREAM-MAP',
      statelessProcessor(fn),
      { key: undefined, value: undefined, keyChanged: true },
      named,
    );
  }

  mapValues<VO>(mapper: (value: V, key: K) => VO, named?: Named): KStream<K, VO> {
    const fn = (r: StreamRecord<K, V>) => ({ ...r, value: mapper(r.value, r.key) });
    return this.next('KSTREAM-MAPVALUES', statelessProcessor(fn), this.same<VO>(undefined), named);
  }

  /** A new key; grouping afterwards repartitions. */
  selectKey<KO>(selector: (key: K, value: V) => KO, named?: Named): KStream<KO, V> {
    const fn = (r: StreamRecord<K, V>) => ({ ...r, key: selector(r.key, r.value) });
    return this.next(
      'KSTREAM-KEY-SELECT',
      statelessProcessor(fn),
      { key: undefined, value: this.valueSerde, keyChanged: true },
      named,
    );
  }

  flatMap<KO, VO>(mapper: (key: K, value: V) => Iterable<KeyValue<KO, VO>>, named?: Named): KStream<KO, VO> {
    const fn = function* (r: StreamRecord<K, V>) {
      for (const kv of mapper(r.key, r.value)) yield { ...r, key: kv.key, value: kv.value };
    };
    return this.next(
      'KSTREAM-FLATMAP',
      statelessProcessor(fn),
      { key: undefined, value: undefined, keyChanged: true },
      named,
    );
  }

  flatMapValues<VO>(mapper: (value: V, key: K) => Iterable<VO>, named?: Named): KStream<K, VO> {
    const fn = function* (r: StreamRecord<K, V>) {
      for (const value of mapper(r.value, r.key)) yield { ...r, value };
    };
    return this.next('KSTREAM-FLATMAPVALUES', statelessProcessor(fn), this.same<VO>(undefined), named);
  }

  /** Sees each record without changing it (logging, metrics). */
  peek(action: (key: K, value: V) => void, named?: Named): KStream<K, V> {
    const fn = (r: StreamRecord<K, V>) => {
      action(r.key, r.value);
      return r;
    };
    return this.next('KSTREAM-PEEK', statelessProcessor(fn), this.same(this.valueSerde), named);
  }

  /** One stream per predicate; a record goes to the first that matches, or nowhere. */
  branch(...predicates: Array<(key: K, value: V) => boolean>): KStream<K, V>[] {
    const parent = this.graph.newName('KSTREAM-BRANCH');
    const children = predicates.map(() => this.graph.newName('KSTREAM-BRANCHCHILD'));
    const tests = predicates.map((p) => (r: StreamRecord<K, V>) => p(r.key, r.value));
    addProcessor(this.graph, 'KSTREAM-BRANCH', [this.nodeName], branchProcessor(tests, children) as never, {
      name: parent,
    });
    return children.map((name) => {
      addProcessor(
        this.graph,
        'KSTREAM-BRANCHCHILD',
        [parent],
        statelessProcessor((r) => r),
        { name },
      );
      return new KStream<K, V>(this.graph, name, this.keySerde, this.valueSerde, this.keyChanged);
    });
  }

  merge(other: KStream<K, V>, named?: Named): KStream<K, V> {
    const name = addProcessor(
      this.graph,
      'KSTREAM-MERGE',
      [this.nodeName, other.nodeName],
      statelessProcessor((r) => r),
      named,
    );
    return new KStream(this.graph, name, this.keySerde, this.valueSerde, this.keyChanged || other.keyChanged);
  }

  /** Writes the stream to a topic. */
  to(topic: string, produced: Produced<K, V> = {}): void {
    this.graph.add({
      kind: 'sink',
      name: produced.name ?? this.graph.newName('KSTREAM-SINK'),
      parents: [this.nodeName],
      topic: { name: topic, internal: false },
      keySerde: orJson(produced.keySerde ?? this.keySerde) as Serde<unknown>,
      valueSerde: orJson(produced.valueSerde ?? this.valueSerde) as Serde<unknown>,
    });
  }

  /**
   * Writes the stream to a system outside Kafka through `sink`, at each commit of the task and
   * before its input offsets are committed (see `ExternalSink`): effectively once when the sink
   * upserts by key and `version`.
   */
  toSink(sink: ExternalSink<K, V>, options: SinkOptions = {}): void {
    const name = options.name ?? this.graph.newName('KSTREAM-EXTERNAL-SINK');
    addProcessor(
      this.graph,
      'KSTREAM-EXTERNAL-SINK',
      [this.nodeName],
      externalSinkProcessor(name, sink, options) as never,
      {
        name,
      },
    );
  }

  /** Re-partitions by the current key through `<applicationId>-<name>-repartition`. */
  repartition(grouped: Grouped<K, V> = {}): KStream<K, V> {
    const serdes = this.syncSerdes(grouped);
    const source = addRepartition(this.graph, this.nodeName, grouped, serdes);
    return new KStream(this.graph, source, serdes.key, serdes.value, false);
  }

  /** Groups by the current key, repartitioning first if an operator changed the key. */
  groupByKey(grouped: Grouped<K, V> = {}): KGroupedStream<K, V> {
    const stream = this.keyChanged ? this.repartition(grouped) : this;
    const serdes = this.syncSerdes(grouped);
    return new KGroupedStream(this.graph, stream.nodeName, serdes.key, serdes.value);
  }

  /** Groups by a new key: always through a repartition topic. */
  groupBy<KO>(selector: (key: K, value: V) => KO, grouped: Grouped<KO, V> = {}): KGroupedStream<KO, V> {
    return this.selectKey(selector).groupByKey(grouped);
  }

  /** Runs a custom processor connected to the named stores (see `StreamsBuilder.addStateStore`). */
  process<KO, VO>(supplier: ProcessorSupplier<K, V, KO, VO>, ...stores: string[]): KStream<KO, VO> {
    const name = addProcessor(this.graph, 'KSTREAM-PROCESSOR', [this.nodeName], supplier as never, {
      stores,
    });
    return new KStream<KO, VO>(this.graph, name, undefined, undefined, true);
  }

  /**
   * Runs a custom processor that keeps each record's key (Kafka Streams' `processValues`): it may
   * change values, timestamps and headers, drop records or forward several, but every record it
   * forwards carries the key of the record being processed, so a later `groupByKey` or join needs
   * no repartition. Inside a punctuator there is no current record, and forwarding is refused.
   */
  processValues<VO>(supplier: ProcessorSupplier<K, V, K, VO>, ...stores: string[]): KStream<K, VO> {
    const name = addProcessor(
      this.graph,
      'KSTREAM-PROCESSVALUES',
      [this.nodeName],
      keyPreserving(supplier) as never,
      { stores },
    );
    return new KStream<K, VO>(this.graph, name, this.keySerde, undefined, this.keyChanged);
  }

  /** Inner join with a table: each record meets the table's current row for its key. */
  join<VT, R>(table: KTable<K, VT>, joiner: ValueJoiner<V, VT, R>): KStream<K, R> {
    return this.joinTable(table, 'inner', joiner as ValueJoiner<V, VT | null, R>);
  }

  /** Left join with a table: records without a row are joined with null. */
  leftJoin<VT, R>(table: KTable<K, VT>, joiner: ValueJoiner<V, VT | null, R>): KStream<K, R> {
    return this.joinTable(table, 'left', joiner);
  }

  private joinTable<VT, R>(
    table: KTable<K, VT>,
    kind: 'inner' | 'left',
    joiner: ValueJoiner<V, VT | null, R>,
  ): KStream<K, R> {
    const store = table.materializedStoreName();
    const stream = this.partitionedByKey(table.rowKeySerde);
    const supplier = streamTableJoinProcessor<K, V, VT, R>(store, kind, joiner);
    const name = addProcessor(this.graph, 'KSTREAM-JOIN', [stream.nodeName], supplier as never, {
      stores: [store],
    });
    return new KStream<K, R>(this.graph, name, stream.keySerde, undefined, false);
  }

  /**
   * This stream, re-partitioned first if an operator changed the key: a join meets the other
   * side's records for a key only on the partition that key belongs to. The key is written with
   * the other side's serde when known, since partitions are chosen by the key's bytes.
   */
  private partitionedByKey(otherKeySerde: Serde<K> | undefined): KStream<K, V> {
    if (!this.keyChanged) return this;
    return this.repartition(otherKeySerde === undefined ? {} : { keySerde: orJsonSync(otherKeySerde) });
  }

  /** Windowed join with another stream: records whose times are within the join window meet. */
  joinStream<V2, R>(
    other: KStream<K, V2>,
    joiner: ValueJoiner<V, V2, R>,
    windows: JoinWindows,
  ): KStream<K, R> {
    return this.joinWindowed(other, 'inner', joiner as ValueJoiner<V, V2 | null, R>, windows);
  }

  /** Left windowed join: a left record without a partner when it arrives is joined with null. */
  leftJoinStream<V2, R>(
    other: KStream<K, V2>,
    joiner: ValueJoiner<V, V2 | null, R>,
    windows: JoinWindows,
  ): KStream<K, R> {
    return this.joinWindowed(other, 'left', joiner, windows);
  }

  private joinWindowed<V2, R>(
    other: KStream<K, V2>,
    kind: 'inner' | 'left',
    joiner: ValueJoiner<V, V2 | null, R>,
    windows: JoinWindows,
  ): KStream<K, R> {
    const thisSide = this.partitionedByKey(other.keyChanged ? undefined : other.keySerde);
    const otherSide = other.partitionedByKey(this.keyChanged ? undefined : this.keySerde);
    const retentionMs = windows.beforeMs + windows.afterMs + windows.graceMs + 1;
    const store = (side: string, serde: Serde<unknown> | undefined) =>
      addMaterializedStore(
        this.graph,
        'window',
        `KSTREAM-JOIN${side}`,
        undefined,
        {
          key: orJsonSync(thisSide.keySerde),
          value: orJsonSync(serde),
        },
        { retentionMs, retainDuplicates: true, cached: false, windowSizeMs: 0 },
      );
    const leftStore = store('THIS', thisSide.valueSerde as Serde<unknown>);
    const rightStore = store('OTHER', otherSide.valueSerde as Serde<unknown>);
    const stores = [leftStore, rightStore];
    const left = addProcessor(
      this.graph,
      'KSTREAM-JOINTHIS',
      [thisSide.nodeName],
      streamStreamJoinProcessor(leftStore, rightStore, windows, true, kind, joiner) as never,
      { stores },
    );
    const right = addProcessor(
      this.graph,
      'KSTREAM-JOINOTHER',
      [otherSide.nodeName],
      streamStreamJoinProcessor(rightStore, leftStore, windows, false, kind, joiner) as never,
      { stores },
    );
    const merged = addProcessor(
      this.graph,
      'KSTREAM-MERGE',
      [left, right],
      statelessProcessor((r) => r),
    );
    return new KStream<K, R>(this.graph, merged, thisSide.keySerde, undefined, false);
  }

  private syncSerdes<KG, VG>(grouped: Grouped<KG, VG>): { key: SyncSerde<KG>; value: SyncSerde<VG> } {
    return {
      key: grouped.keySerde ?? orJsonSync(this.keySerde as Serde<unknown> as Serde<KG>),
      value: grouped.valueSerde ?? orJsonSync(this.valueSerde as Serde<unknown> as Serde<VG>),
    };
  }
}
