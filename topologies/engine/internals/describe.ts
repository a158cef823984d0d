import type { NodeDef, TopicRef } from './graph';
import type { Subtopology } from './subtopologies';

function topicLabel(topic: TopicRef): string {
  return topic.internal ? `<applicationId>-${topic.name}` : topic.name;
}

function childrenOf(node: NodeDef, nodes: readonly NodeDef[]): string[] {
  return nodes
    .filter((other) => other.kind !== 'source' && other.parents.includes(node.name))
    .map((other) => other.name);
}

/** The topology as text, in the layout Kafka Streams' `describe()` prints. */
export function describeText(subtopologies: readonly Subtopology[]): string {
  const lines = ['Topologies:'];
  for (const sub of subtopologies) {
    lines.push(`   Sub-topology: ${sub.id}`);
    for (const node of sub.nodes) {
      if (node.kind === 'source') {
        lines.push(`    Source: ${node.name} (topics: [${node.topics.map(topicLabel).join(', ')}])`);
      } else if (node.kind === 'processor') {
        lines.push(`    Processor: ${node.name} (stores: [${node.stores.join(', ')}])`);
      } else {
        lines.push(`    Sink: ${node.name} (topic: ${topicLabel(node.topic)})`);
      }
      const children = childrenOf(node, sub.nodes);
      if (children.length > 0) lines.push(`      --> ${children.join(', ')}`);
      if (node.kind !== 'source') lines.push(`      <-- ${node.parents.join(', ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Mermaid ids: `n_` nodes, `s_` stores, `t_` topics. The prefix also keeps a name like `end`, a
 * Mermaid keyword, from breaking the chart.
 */
function id(kind: 'n' | 's' | 't', name: string): string {
  return `${kind}_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/**
 * Mermaid renders labels as HTML, where `<applicationId>` would vanish as an unknown tag: its
 * entity codes keep the characters.
 */
function label(text: string): string {
  return text.replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/"/g, '#quot;');
}

/** The topology as a Mermaid flowchart: topics as stadiums, stores as cylinders. */
export function describeMermaid(subtopologies: readonly Subtopology[]): string {
  const lines = ['flowchart TD'];
  const topics = new Set<string>();
  const edges: string[] = [];
  for (const sub of subtopologies) {
    lines.push(`  subgraph sub${sub.id}["Sub-topology ${sub.id}"]`);
    for (const node of sub.nodes) {
      lines.push(`    ${id('n', node.name)}["${label(node.name)}"]`);
      if (node.kind === 'source') {
        node.topics.forEach((topic) => {
          topics.add(topicLabel(topic));
          edges.push(`  ${id('t', topicLabel(topic))} --> ${id('n', node.name)}`);
        });
      } else {
        node.parents.forEach((parent) => edges.push(`  ${id('n', parent)} --> ${id('n', node.name)}`));
      }
      if (node.kind === 'sink') {
        topics.add(topicLabel(node.topic));
        edges.push(`  ${id('n', node.name)} --> ${id('t', topicLabel(node.topic))}`);
      }
      if (node.kind === 'processor') {
        node.stores.forEach((store) => edges.push(`  ${id('n', node.name)} -.- ${id('s', store)}`));
      }
    }
    sub.stores.forEach((store) => lines.push(`    ${id('s', store.name)}[("${label(store.name)}")]`));
    lines.push('  end');
  }
  topics.forEach((topic) => lines.push(`  ${id('t', topic)}(["${label(topic)}"])`));
  return `${[...lines, ...edges].join('\n')}\n`;
}
