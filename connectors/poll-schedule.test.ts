import { PollSchedule } from './poll-schedule';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PollSchedule', () => {
  it('runs at once and on every tick, never two rounds at a time, and goes on after a failure', async () => {
    let active = 0;
    let most = 0;
    let rounds = 0;
    const errors: string[] = [];
    const schedule = new PollSchedule(
      async () => {
        rounds += 1;
        active += 1;
        most = Math.max(most, active);
        await sleep(35); // longer than the interval: the ticks in between are skipped
        active -= 1;
        if (rounds === 1) throw new Error('source down');
      },
      10,
      (error) => errors.push(error.message),
    );
    schedule.start();
    expect(rounds).toBe(1);
    await sleep(150);
    await schedule.stop();
    const after = rounds;
    await sleep(40);
    expect(most).toBe(1);
    expect(after).toBeGreaterThanOrEqual(2);
    expect(after).toBeLessThan(8);
    expect(rounds).toBe(after); // stopped: no round after stop()
    expect(errors).toEqual(['source down']);
    expect(active).toBe(0); // stop() waited for the round in flight
  });

  it('waits for the first tick when told not to run at start', async () => {
    let rounds = 0;
    const schedule = new PollSchedule(
      async () => void (rounds += 1),
      30,
      () => undefined,
      { atStart: false },
    );
    schedule.start();
    try {
      expect(rounds).toBe(0);
      await sleep(45);
    } finally {
      await schedule.stop();
    }
    expect(rounds).toBeGreaterThanOrEqual(1); // the ticks still run
  });

  it('does not report a round that fails because the stop cut it short', async () => {
    const errors: string[] = [];
    let cut: (error: Error) => void = () => undefined;
    const schedule = new PollSchedule(
      () => new Promise((_, reject) => (cut = reject)),
      1000,
      (error) => errors.push(error.message),
    );
    schedule.start();
    const stopped = schedule.stop();
    cut(new Error('the client is closed'));
    await stopped;
    expect(errors).toEqual([]);
  });
});
