import { releaseThreadTasks, sharedTaskLocks, taskLockTable } from './task-locks';

describe('task locks shared by stream threads', () => {
  const tasks = ['0_0', '0_1'];
  const pair = () => {
    const table = taskLockTable(tasks.length);
    return { table, first: sharedTaskLocks(table, tasks, 0), second: sharedTaskLocks(table, tasks, 1) };
  };

  it('gives a task to one thread at a time', async () => {
    const { first, second } = pair();
    expect(await first.acquire('0_0', 0)).toBe(true);
    expect(await second.acquire('0_0', 20)).toBe(false);
    expect(await second.acquire('0_1', 0)).toBe(true);
    expect(await first.acquire('0_0', 0)).toBe(true);
  });

  it('hands a task over as soon as its holder releases it', async () => {
    const { first, second } = pair();
    await first.acquire('0_1', 0);
    const started = Date.now();
    const waiting = second.acquire('0_1', 5_000);
    setTimeout(() => first.release('0_1'), 50);
    expect(await waiting).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await first.acquire('0_1', 0)).toBe(false);
  });

  it('ignores a release by a thread that does not hold the task', async () => {
    const { first, second } = pair();
    await first.acquire('0_0', 0);
    second.release('0_0');
    expect(await second.acquire('0_0', 0)).toBe(false);
  });

  it('frees what a dead thread held', async () => {
    const { table, first, second } = pair();
    await first.acquire('0_0', 0);
    await first.acquire('0_1', 0);
    releaseThreadTasks(table, 0);
    expect(await second.acquire('0_0', 0)).toBe(true);
    expect(await second.acquire('0_1', 0)).toBe(true);
  });
});
