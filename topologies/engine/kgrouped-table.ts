import type { Materialized } from './options';
import type { SyncSerde } from './serdes';
import { changeSerde } from './internals/change-serde';
import { addRepartition } from './internals/dsl';
import type { TopologyGraph } from './internals/graph';
import {
  countMaterialized,
  countOne,
  materializeAggregate,
  reduceAdder,
} from './internals/grouped-aggregate';
import type { Aggregator, Initializer } from './internals/processors/aggregate';
import type { Change } from './internals/processors/change';
import { tableAggregateProcessor } from './internals/processors/table-aggregate';
import type { KTable } from './ktable';

/**
 * A table regrouped by `KTable.groupBy`, ready to aggregate. Each aggregation reads the regrouped
 * changes back from its own repartition topic, `<applicationId>-<name>-repartition` (`name` from
 * `Grouped`, else the store's name), where every change carries the row's old and new value: an
 * update subtracts the old value from its old group and adds the new one to its new group, a
 * deletion only subtracts.
 */
export class KGroupedTable<K, V> {
  /** @internal Made by `KTable.groupBy`. */
  constructor(
    private readonly graph: TopologyGraph,
    private readonly nodeName: string,
    private readonly repartitionName: string | undefined,
    private readonly keySerde: SyncSerde<K>,
    private readonly valueSerde: SyncSerde<V>,
  ) {}

  /**
   * Rows per group: a row counts once however often it is updated, so a table keyed by an id
   * counts distinct ids. A group whose rows all left stays at 0.
   */
  count(materialized: Materialized<K, number> = {}): KTable<K, number> {
    return this.aggregate(
      () => 0,
      countOne,
      (_key, _value, count) => count - 1,
      countMaterialized(materialized),
    );
  }

  /**
   * Combines the rows of a group: `adder` folds a row in (the first row is the start), `subtractor`
   * takes a row's old value out again. A null result deletes the group.
   */
  reduce(
    adder: (aggregate: V, value: V) => V,
    subtractor: (aggregate: V, value: V) => V | null,
    materialized: Materialized<K, V> = {},
  ): KTable<K, V> {
    return this.build<V | null>(
      'KTABLE-REDUCE',
      () => null,
      reduceAdder(adder),
      (_key, value, aggregate) => (aggregate === null ? null : subtractor(aggregate, value)),
      { valueSerde: this.valueSerde as SyncSerde<V | null>, ...(materialized as Materialized<K, V | null>) },
    ) as KTable<K, V>;
  }

  /**
   * Folds the rows of a group into an aggregate: `adder` adds a row's new value, `subtractor`
   * removes a row's old value (it must undo what `adder` did).
   */
  aggregate<A>(
    initializer: Initializer<A>,
    adder: Aggregator<K, V, A>,
    subtractor: Aggregator<K, V, A>,
    materialized: Materialized<K, A> = {},
  ): KTable<K, A> {
    return this.build('KTABLE-AGGREGATE', initializer, adder, subtractor, materialized);
  }

  private build<A>(
    prefix: string,
    initializer: Initializer<A>,
    adder: Aggregator<K, V, A>,
    subtractor: Aggregator<K, V, A>,
    materialized: Materialized<K, A>,
  ): KTable<K, A> {
    return materializeAggregate<K, Change<V>, A>(
      this.graph,
      prefix,
      this.keySerde,
      materialized,
      // Named after the store when `Grouped` names nothing, as Kafka Streams does.
      (store) =>
        addRepartition<K, Change<V>>(
          this.graph,
          this.nodeName,
          { name: this.repartitionName ?? store },
          { key: this.keySerde, value: changeSerde(this.valueSerde) },
        ),
      (store) => tableAggregateProcessor(store, initializer, adder, subtractor),
    );
  }
}
