import type { BuiltStore } from '../stores/build-store';
import type { StreamTask } from '../task';
import type { BufferedCollector } from './buffered-collector';
import type { TaskSpec } from './task-layout';

/** Replay progress of one changelog partition into one store. */
export interface Restoration {
  readonly store: BuiltStore;
  /** Next changelog offset to apply. */
  next: bigint;
  /** The changelog's end when the restore began: done once `next` reaches it. */
  readonly end: bigint;
}

/**
 * A task as the runtime tracks it: restoring (paused sources, changelogs replaying) or running,
 * the next offset of each source topic, and whether it holds uncommitted work.
 */
export class ActiveTask {
  state: 'restoring' | 'running' = 'restoring';
  dirty = false;
  readonly positions = new Map<string, bigint>();
  readonly restorations = new Map<string, Restoration>();
  /** The last position marker found in each restored changelog (at-least-once). */
  readonly markers = new Map<string, Map<string, bigint>>();
  /** Counters at the last metrics report, to publish deltas. */
  reported = { processed: 0, late: 0, hits: 0, misses: 0 };

  constructor(
    readonly spec: TaskSpec,
    readonly task: StreamTask,
    readonly collector: BufferedCollector,
  ) {}

  get taskId(): string {
    return this.spec.taskId;
  }

  get partition(): number {
    return this.spec.partition;
  }

  /** Records the restore is still waiting for, summed over its changelogs. */
  remaining(): number {
    let total = 0n;
    for (const r of this.restorations.values()) total += r.end > r.next ? r.end - r.next : 0n;
    return Number(total);
  }
}
