import { StreamsError } from '../errors';
import type { ProcessorSupplier } from '../processor';
import type { TimestampExtractor } from '../record';
import type { Serde } from '../serdes';
import type { StoreDefinition } from './stores/store-definition';

/**
 * A topic a node reads or writes. Internal topics (repartition) are named by the runtime as
 * `<applicationId>-<name>`, so one topology runs under any application id.
 */
export interface TopicRef {
  readonly name: string;
  readonly internal: boolean;
}

export interface SourceNodeDef {
  readonly kind: 'source';
  readonly name: string;
  readonly topics: readonly TopicRef[];
  readonly keySerde: Serde<unknown>;
  readonly valueSerde: Serde<unknown>;
  readonly timestampExtractor: TimestampExtractor<unknown, unknown> | undefined;
}

export interface ProcessorNodeDef {
  readonly kind: 'processor';
  readonly name: string;
  readonly parents: readonly string[];
  readonly supplier: ProcessorSupplier<unknown, unknown, unknown, unknown>;
  readonly stores: readonly string[];
}

export interface SinkNodeDef {
  readonly kind: 'sink';
  readonly name: string;
  readonly parents: readonly string[];
  readonly topic: TopicRef;
  readonly keySerde: Serde<unknown>;
  readonly valueSerde: Serde<unknown>;
}

export type NodeDef = SourceNodeDef | ProcessorNodeDef | SinkNodeDef;

/** Internal topics the runtime creates: repartition topics and late-record side outputs. */
export interface InternalTopicDef {
  readonly name: string;
  readonly purpose: 'repartition' | 'late-records';
}

/** The mutable graph the DSL writes into; `Topology` freezes and splits it. */
export class TopologyGraph {
  readonly nodes = new Map<string, NodeDef>();
  readonly stores = new Map<string, StoreDefinition>();
  readonly internalTopics = new Map<string, InternalTopicDef>();
  /** Topics written beside the graph's sinks (late records), with the store whose task writes them. */
  readonly sideOutputs: Array<{ readonly topic: TopicRef; readonly store: string }> = [];
  private counter = 0;

  /** Kafka Streams-style generated names, e.g. `KSTREAM-FILTER-0000000003`. */
  newName(prefix: string): string {
    const name = `${prefix}-${String(this.counter).padStart(10, '0')}`;
    this.counter += 1;
    return name;
  }

  add(node: NodeDef): void {
    if (this.nodes.has(node.name)) {
      throw new StreamsError(
        'STREAMS_TOPOLOGY_INVALID',
        `topology: a node named ${node.name} already exists`,
      );
    }
    if (node.kind !== 'source') {
      for (const parent of node.parents) {
        if (!this.nodes.has(parent))
          throw new StreamsError('STREAMS_TOPOLOGY_INVALID', `topology: unknown parent ${parent}`);
      }
    }
    if (node.kind === 'processor') {
      for (const store of node.stores) {
        if (!this.stores.has(store))
          throw new StreamsError('STREAMS_TOPOLOGY_INVALID', `topology: unknown store ${store}`);
      }
    }
    this.nodes.set(node.name, node);
  }

  addStore(definition: StoreDefinition): void {
    if (this.stores.has(definition.name)) {
      throw new StreamsError(
        'STREAMS_TOPOLOGY_INVALID',
        `topology: a store named ${definition.name} already exists`,
      );
    }
    this.stores.set(definition.name, definition);
  }

  addSideOutput(topic: TopicRef, store: string): void {
    this.sideOutputs.push({ topic, store });
  }

  addInternalTopic(topic: InternalTopicDef): TopicRef {
    this.internalTopics.set(topic.name, topic);
    return { name: topic.name, internal: true };
  }
}
