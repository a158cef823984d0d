/**
 * Which stream thread of this process holds a task's state. Stream threads of one process share
 * the state directory, so a task moving between them in a rebalance must not be opened by its new
 * owner while the old one still commits or closes it (Kafka Streams locks each task directory
 * for the same reason). Threads of other processes are not covered: give each process a state
 * directory of its own.
 */
export interface TaskLocks {
  /** Takes the task's state, waiting up to `waitMs` for another thread to give it back. */
  acquire(taskId: string, waitMs: number): Promise<boolean>;
  release(taskId: string): void;
}

/** `Atomics.waitAsync` (Node 16 and later), missing from the TypeScript library this repo targets. */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(array: Int32Array, index: number, value: number, timeoutMs: number): { value: unknown };
  }
).waitAsync;

/** One stream thread in the process: nobody to wait for. */
export const unsharedTaskLocks: TaskLocks = {
  acquire: () => Promise.resolve(true),
  release: () => undefined,
};

/** A lock table for `taskCount` tasks, shared by the threads of one app. */
export function taskLockTable(taskCount: number): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * Math.max(taskCount, 1));
}

/**
 * Locks in a table shared by every thread: one slot per task (in the layout's order, the same in
 * each thread), 0 when free, otherwise the holder's thread index + 1.
 */
export function sharedTaskLocks(
  table: SharedArrayBuffer,
  taskIds: readonly string[],
  threadIndex: number,
): TaskLocks {
  const slots = new Int32Array(table);
  const slotOf = new Map(taskIds.map((id, slot) => [id, slot]));
  const me = threadIndex + 1;
  return {
    async acquire(taskId, waitMs) {
      const slot = slotOf.get(taskId);
      if (slot === undefined) return true;
      const deadline = Date.now() + waitMs;
      for (;;) {
        const holder = Atomics.compareExchange(slots, slot, 0, me);
        if (holder === 0 || holder === me) return true;
        const left = deadline - Date.now();
        if (left <= 0) return false;
        await waitAsync(slots, slot, holder, left).value;
      }
    },
    release(taskId) {
      const slot = slotOf.get(taskId);
      if (slot !== undefined && Atomics.compareExchange(slots, slot, me, 0) === me)
        Atomics.notify(slots, slot);
    },
  };
}

/** Frees every task a thread that died still held. */
export function releaseThreadTasks(table: SharedArrayBuffer, threadIndex: number): void {
  const slots = new Int32Array(table);
  for (let slot = 0; slot < slots.length; slot += 1) {
    if (Atomics.compareExchange(slots, slot, threadIndex + 1, 0) === threadIndex + 1)
      Atomics.notify(slots, slot);
  }
}
