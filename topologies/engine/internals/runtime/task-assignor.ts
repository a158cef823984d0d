import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

/** A task and every topic-partition it consumes: its source partitions and its changelogs. */
export interface TaskPartitions {
  readonly taskId: string;
  readonly partitions: ReadonlyArray<{ topic: string; partition: number }>;
}

interface MemberLoad {
  readonly memberId: string;
  readonly previous: readonly string[];
  readonly tasks: string[];
}

/**
 * Assigns whole tasks, never single partitions: every source partition of a task (co-partitioned
 * inputs) and its changelog partitions go to one member, so its state and inputs stay together.
 * Balanced (no member has more than one task above another) and sticky: a member keeps the tasks
 * it reported owning, so rebalances move as little state as possible.
 */
export function balanceTasks(
  taskIds: readonly string[],
  members: ReadonlyArray<{ memberId: string; previous: readonly string[] }>,
): Map<string, string[]> {
  const loads: MemberLoad[] = [...members]
    .sort((a, b) => a.memberId.localeCompare(b.memberId))
    .map((m) => ({ memberId: m.memberId, previous: m.previous, tasks: [] }));
  if (loads.length === 0) return new Map();
  const capacity = Math.ceil(taskIds.length / loads.length);
  const known = new Set(taskIds);
  const taken = new Set<string>();
  for (const load of loads) {
    for (const task of load.previous) {
      if (load.tasks.length >= capacity || taken.has(task) || !known.has(task)) continue;
      load.tasks.push(task);
      taken.add(task);
    }
  }
  for (const task of taskIds) {
    if (taken.has(task)) continue;
    const lightest = loads.reduce((min, load) => (load.tasks.length < min.tasks.length ? load : min));
    lightest.tasks.push(task);
  }
  // Stickiness may leave one member at capacity while another is two below: move the surplus.
  const floor = Math.floor(taskIds.length / loads.length);
  for (const load of loads) {
    while (load.tasks.length < floor) {
      const heaviest = loads.reduce((max, l) => (l.tasks.length > max.tasks.length ? l : max));
      if (heaviest.tasks.length <= floor) break;
      load.tasks.push(heaviest.tasks.pop()!);
    }
  }
  return new Map(loads.map((load) => [load.memberId, load.tasks]));
}

/** The kafkajs assigner that hands out whole tasks (see `balanceTasks`). */
export function taskAssignor(
  tasks: () => readonly TaskPartitions[],
  ownedTasks: () => readonly string[],
): PartitionAssigner {
  return () => ({
    name: 'StreamsTaskAssignor',
    version: 1,
    protocol: ({ topics }) => ({
      name: 'StreamsTaskAssignor',
      metadata: AssignerProtocol.MemberMetadata.encode({
        version: 1,
        topics,
        userData: Buffer.from(JSON.stringify({ tasks: ownedTasks() })),
      }),
    }),
    assign: async ({ members }) => {
      const all = tasks();
      const byId = new Map(all.map((t) => [t.taskId, t]));
      const reported = members.map((member) => ({
        memberId: member.memberId,
        previous: previousTasks(member.memberMetadata),
      }));
      const plan = balanceTasks(
        all.map((t) => t.taskId),
        reported,
      );
      return [...plan].map(([memberId, taskIds]) => {
        const assignment: Record<string, number[]> = {};
        for (const taskId of taskIds) {
          for (const { topic, partition } of byId.get(taskId)!.partitions) {
            (assignment[topic] ??= []).push(partition);
          }
        }
        return {
          memberId,
          memberAssignment: AssignerProtocol.MemberAssignment.encode({
            version: 1,
            assignment,
            userData: Buffer.from(JSON.stringify({ tasks: taskIds })),
          }),
        };
      });
    },
  });
}

function previousTasks(metadata: Buffer): string[] {
  try {
    const decoded = AssignerProtocol.MemberMetadata.decode(metadata);
    const parsed = JSON.parse(decoded?.userData?.toString() || '{}') as { tasks?: unknown };
    return Array.isArray(parsed.tasks) ? parsed.tasks.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}
