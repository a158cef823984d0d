import type { NodeDef, TopicRef, TopologyGraph } from './graph';
import type { StoreDefinition } from './stores/store-definition';

/**
 * A connected part of the graph: the unit a task runs. Nodes are connected by parent edges and
 * by sharing a store; a repartition topic ends one subtopology and starts another.
 */
export interface Subtopology {
  readonly id: number;
  readonly nodes: readonly NodeDef[];
  readonly sourceTopics: readonly TopicRef[];
  readonly sinkTopics: readonly TopicRef[];
  readonly stores: readonly StoreDefinition[];
}

export function splitSubtopologies(graph: TopologyGraph): Subtopology[] {
  const parent = new Map<string, string>();
  const find = (name: string): string => {
    let root = name;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(name, root);
    return root;
  };
  const union = (a: string, b: string): void => {
    parent.set(find(a), find(b));
  };
  for (const name of graph.nodes.keys()) parent.set(name, name);
  const storeUsers = new Map<string, string>();
  for (const node of graph.nodes.values()) {
    if (node.kind !== 'source') for (const p of node.parents) union(node.name, p);
    if (node.kind !== 'processor') continue;
    for (const store of node.stores) {
      const other = storeUsers.get(store);
      if (other === undefined) storeUsers.set(store, node.name);
      else union(node.name, other);
    }
  }
  const groups = new Map<string, NodeDef[]>();
  for (const node of graph.nodes.values()) {
    const root = find(node.name);
    groups.set(root, [...(groups.get(root) ?? []), node]);
  }
  return [...groups.values()].map((nodes, id) => describeGroup(id, nodes, graph));
}

function describeGroup(id: number, nodes: NodeDef[], graph: TopologyGraph): Subtopology {
  const sourceTopics: TopicRef[] = [];
  const sinkTopics: TopicRef[] = [];
  const storeNames = new Set<string>();
  for (const node of nodes) {
    if (node.kind === 'source') sourceTopics.push(...node.topics);
    if (node.kind === 'sink') sinkTopics.push(node.topic);
    if (node.kind === 'processor') node.stores.forEach((store) => storeNames.add(store));
  }
  const stores = [...storeNames].map((name) => graph.stores.get(name)!);
  return { id, nodes, sourceTopics, sinkTopics, stores };
}
