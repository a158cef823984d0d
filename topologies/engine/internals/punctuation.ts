import type { Cancellable, PunctuationType } from '../processor';

interface Schedule {
  readonly intervalMs: number;
  readonly callback: (timestampMs: number) => void;
  next: number;
  cancelled: boolean;
}

/** The punctuators of one task, per time kind; each fires at most once per time advance. */
export class PunctuationQueue {
  private readonly schedules: Record<PunctuationType, Schedule[]> = {
    'stream-time': [],
    'wall-clock': [],
  };

  schedule(
    type: PunctuationType,
    intervalMs: number,
    now: number,
    callback: (timestampMs: number) => void,
    run: (fire: () => void) => void,
  ): Cancellable {
    if (!(intervalMs >= 1)) throw new RangeError('punctuation interval must be at least 1 ms');
    const schedule: Schedule = {
      intervalMs,
      callback: (time) => run(() => callback(time)),
      // Stream-time schedules start at time 0, as in Kafka Streams: they fire on the first record
      // and then on the grid 0 + k * interval; wall-clock schedules start one interval from now.
      next: type === 'stream-time' ? 0 : now + intervalMs,
      cancelled: false,
    };
    this.schedules[type].push(schedule);
    return { cancel: () => (schedule.cancelled = true) };
  }

  /** Fires every due punctuator of `type` for time `now`; returns how many fired. */
  fire(type: PunctuationType, now: number): number {
    let fired = 0;
    for (const schedule of this.schedules[type]) {
      if (schedule.cancelled) continue;
      if (now < schedule.next) continue;
      schedule.next += (Math.floor((now - schedule.next) / schedule.intervalMs) + 1) * schedule.intervalMs;
      schedule.callback(now);
      fired += 1;
    }
    this.schedules[type] = this.schedules[type].filter((schedule) => !schedule.cancelled);
    return fired;
  }
}
