import type { Admin } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { processStats, type ContenderProcess, type ProcessStats } from './contender-process';

/** When a contender's committed offsets moved, in ms since it was spawned. */
export interface CommitProgress {
  /** First poll that saw any committed offset on the input topic. */
  firstProgressMs: number;
  /** First poll that saw committed offsets at the end offsets on every partition. */
  doneMs: number;
  /** Read at the poll that saw it done. */
  stats: ProcessStats | undefined;
}

export interface WatchOptions {
  admin: Admin;
  groupId: string;
  topic: string;
  /** The input topic's end offset per partition, fixed before the contender started. */
  endOffsets: Map<number, bigint>;
  spawnedAt: number;
  pollMs: number;
  timeoutMs: number;
}

/**
 * Polls the contender's committed offsets until they reach the end offsets on every partition,
 * reading the child's /proc stats at each poll (it must be read while the process is alive). Fails if
 * the child exits first or the timeout passes.
 */
export async function watchCommitted(
  child: ContenderProcess,
  options: WatchOptions,
): Promise<CommitProgress> {
  let firstProgressMs: number | undefined;
  let stats: ProcessStats | undefined;
  for (;;) {
    const polledAt = performance.now();
    const elapsed = polledAt - options.spawnedAt;
    stats = processStats(child.pid) ?? stats;
    const exit = child.exitCode();
    if (exit !== undefined) {
      const tail = child.logTail();
      throw new Error(`exited (code ${exit}) before finishing: ${tail.split('\n').at(-1) ?? ''}\n${tail}`);
    }
    if (elapsed > options.timeoutMs) throw new Error(`not done after ${options.timeoutMs / 1000} s`);

    const committed = await committedOffsets(options.admin, options.groupId, options.topic);
    const now = performance.now() - options.spawnedAt;
    if (firstProgressMs === undefined && [...committed.values()].some((offset) => offset > 0n)) {
      firstProgressMs = now;
    }
    if (isDone(committed, options.endOffsets)) {
      return {
        firstProgressMs: firstProgressMs ?? now,
        doneMs: now,
        stats: processStats(child.pid) ?? stats,
      };
    }
    await sleep(Math.max(0, options.pollMs - (performance.now() - polledAt)));
  }
}

/** The input topic's end offset (high watermark) per partition. */
export async function endOffsets(admin: Admin, topic: string): Promise<Map<number, bigint>> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return new Map(offsets.map((p) => [p.partition, BigInt(p.high)]));
}

async function committedOffsets(admin: Admin, groupId: string, topic: string): Promise<Map<number, bigint>> {
  const [answer] = await admin.fetchOffsets({ groupId, topics: [topic] });
  // A partition with no commit yet reports offset -1.
  return new Map((answer?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
}

function isDone(committed: Map<number, bigint>, end: Map<number, bigint>): boolean {
  return [...end].every(
    ([partition, offset]) => (committed.get(partition) ?? -1n) >= offset || offset === 0n,
  );
}
