import type { TopicRef } from '../graph';
import { changelogTopicName } from '../stores/store-context';
import type { Subtopology } from '../subtopologies';
import type { TaskPartitions } from './task-assignor';

/** One task of the running topology: its sub-topology, partition and topics on the broker. */
export interface TaskSpec extends TaskPartitions {
  readonly subtopology: Subtopology;
  readonly partition: number;
  readonly sourceTopics: readonly string[];
  /** The source topics the runtime owns (repartition topics), purged once committed. */
  readonly repartitionSources: readonly string[];
  /** Changelog topic of each logged store of the task. */
  readonly changelogs: ReadonlyMap<string, string>;
}

/** Every task of the topology, and which task a topic-partition belongs to. */
export class TaskLayout {
  readonly tasks: TaskSpec[] = [];
  private readonly byPartition = new Map<string, { task: TaskSpec; kind: 'source' | 'changelog' }>();

  constructor(
    subtopologies: readonly Subtopology[],
    partitions: ReadonlyMap<number, number>,
    applicationId: string,
    topicName: (ref: TopicRef) => string,
  ) {
    for (const subtopology of subtopologies) {
      const sourceTopics = [...new Set(subtopology.sourceTopics.map(topicName))];
      const repartitionSources = [
        ...new Set(subtopology.sourceTopics.filter((t) => t.internal).map(topicName)),
      ];
      const changelogs = new Map(
        subtopology.stores
          .filter((s) => s.logged)
          .map((s) => [s.name, changelogTopicName(applicationId, s.name)]),
      );
      for (let partition = 0; partition < (partitions.get(subtopology.id) ?? 0); partition += 1) {
        const task: TaskSpec = {
          taskId: `${subtopology.id}_${partition}`,
          subtopology,
          partition,
          sourceTopics,
          repartitionSources,
          changelogs,
          partitions: [...sourceTopics, ...changelogs.values()].map((topic) => ({ topic, partition })),
        };
        this.tasks.push(task);
        sourceTopics.forEach((topic) =>
          this.byPartition.set(`${topic}:${partition}`, { task, kind: 'source' }),
        );
        changelogs.forEach((topic) =>
          this.byPartition.set(`${topic}:${partition}`, { task, kind: 'changelog' }),
        );
      }
    }
  }

  /** Every topic the consumer subscribes to: sources (user and repartition) and changelogs. */
  get topics(): string[] {
    return [...new Set(this.tasks.flatMap((t) => t.partitions.map((p) => p.topic)))];
  }

  locate(topic: string, partition: number): { task: TaskSpec; kind: 'source' | 'changelog' } | undefined {
    return this.byPartition.get(`${topic}:${partition}`);
  }

  /** The tasks whose every partition is in the assignment. */
  ownedTasks(assignment: Readonly<Record<string, readonly number[]>>): TaskSpec[] {
    const assigned = new Set(
      Object.entries(assignment).flatMap(([topic, ps]) => ps.map((p) => `${topic}:${p}`)),
    );
    return this.tasks.filter((t) => t.partitions.every((p) => assigned.has(`${p.topic}:${p.partition}`)));
  }
}
