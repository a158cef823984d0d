import { describeMermaid, describeText } from './internals/describe';
import type { TopologyGraph } from './internals/graph';
import { type Subtopology, splitSubtopologies } from './internals/subtopologies';

/** A built, immutable topology: what `StreamsApp` runs and `TopologyTestDriver` tests. */
export class Topology {
  /** @internal */
  readonly subtopologies: readonly Subtopology[];

  /** @internal Use `StreamsBuilder.build()`. */
  constructor(readonly graph: TopologyGraph) {
    this.subtopologies = splitSubtopologies(graph);
  }

  /** The sources, processors, stores and sinks of every sub-topology, as text. */
  describe(): string {
    return describeText(this.subtopologies);
  }

  /** The same, as a Mermaid flowchart (paste into any Markdown that renders Mermaid). */
  describeMermaid(): string {
    return describeMermaid(this.subtopologies);
  }
}
