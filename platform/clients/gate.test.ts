import { Gate } from './gate';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Gate', () => {
  it('runs at most `limit` tasks at once and starts the waiting ones in arrival order', async () => {
    const gate = new Gate(2);
    const started: number[] = [];
    const tasks = [0, 1, 2, 3].map(() => deferred());
    const results = tasks.map((task, i) =>
      gate.run(async () => {
        started.push(i);
        await task.promise;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(gate.load).toEqual({ running: 2, waiting: 2 });
    tasks[1]!.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    tasks[0]!.resolve();
    tasks[2]!.resolve();
    tasks[3]!.resolve();
    await expect(Promise.all(results)).resolves.toEqual([0, 1, 2, 3]);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('gives the slot of a failed task to the next one and passes the failure to its caller', async () => {
    const gate = new Gate(1);
    const failing = deferred();
    const first = gate.run(() => failing.promise);
    const second = gate.run(async () => 'second');
    failing.reject(new Error('query failed'));
    await expect(first).rejects.toThrow('query failed');
    await expect(second).resolves.toBe('second');
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses a task at once when maxWaiting tasks wait already, and takes them again once one starts', async () => {
    const gate = new Gate(1, { maxWaiting: 1, whenFull: () => new Error('busy') });
    const running = deferred();
    const first = gate.run(() => running.promise);
    const second = gate.run(async () => 'second');
    await expect(gate.run(async () => 'third')).rejects.toThrow('busy');
    const unbounded = gate.run(async () => 'unbounded', false); // waits whatever the queue
    expect(gate.load).toEqual({ running: 1, waiting: 2 });
    running.resolve();
    await first;
    await expect(second).resolves.toBe('second');
    await expect(unbounded).resolves.toBe('unbounded');
    await expect(gate.run(async () => 'fourth')).resolves.toBe('fourth');
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new Gate(0)).toThrow(RangeError);
    expect(() => new Gate(1.5)).toThrow(RangeError);
  });
});
