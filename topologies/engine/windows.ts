import { StreamsError } from './errors';

function checkDuration(name: string, value: number, minimum: number): number {
  if (!Number.isInteger(value) || value < minimum) {
    throw new StreamsError(
      'STREAMS_TOPOLOGY_INVALID',
      `${name} must be an integer >= ${minimum} ms, got ${value}`,
    );
  }
  return value;
}

/**
 * Fixed-size windows aligned to the epoch: tumbling (advance = size) or hopping (advance < size).
 * A record is late once stream time passes its window's end plus the grace period.
 */
export class TimeWindows {
  private constructor(
    readonly sizeMs: number,
    readonly advanceMs: number,
    readonly graceMs: number,
  ) {}

  /** Tumbling windows of `sizeMs` accepting records up to `graceMs` after they end. */
  static ofSizeWithGrace(sizeMs: number, graceMs: number): TimeWindows {
    const size = checkDuration('window size', sizeMs, 1);
    return new TimeWindows(size, size, checkDuration('grace', graceMs, 0));
  }

  static ofSizeWithNoGrace(sizeMs: number): TimeWindows {
    return TimeWindows.ofSizeWithGrace(sizeMs, 0);
  }

  /** Hopping windows: a new window every `advanceMs` (at most the size). */
  advanceBy(advanceMs: number): TimeWindows {
    const advance = checkDuration('advance', advanceMs, 1);
    if (advance > this.sizeMs) {
      throw new StreamsError(
        'STREAMS_TOPOLOGY_INVALID',
        `advance ${advance} is larger than size ${this.sizeMs}`,
      );
    }
    return new TimeWindows(this.sizeMs, advance, this.graceMs);
  }

  /** Start times of the windows containing `timestamp`, oldest first. */
  windowStartsFor(timestamp: number): number[] {
    const last = timestamp - (timestamp % this.advanceMs);
    // The oldest window still containing the record starts at the first multiple of the advance
    // after `timestamp - size`. Counting back from `last` by the size would leave the grid of
    // window starts whenever the size is not a multiple of the advance.
    const after = timestamp - this.sizeMs + 1;
    const offGrid = ((after % this.advanceMs) + this.advanceMs) % this.advanceMs;
    const oldest = Math.max(0, offGrid === 0 ? after : after + this.advanceMs - offGrid);
    const starts: number[] = [];
    for (let start = oldest; start <= last; start += this.advanceMs) starts.push(start);
    return starts;
  }
}

/**
 * Windows of `timeDifferenceMs` that slide with the records: two records fall in a common window
 * when their timestamps differ by at most the time difference. Windows are [start, end] inclusive.
 */
export class SlidingWindows {
  private constructor(
    readonly timeDifferenceMs: number,
    readonly graceMs: number,
  ) {}

  static ofTimeDifferenceAndGrace(timeDifferenceMs: number, graceMs: number): SlidingWindows {
    return new SlidingWindows(
      checkDuration('time difference', timeDifferenceMs, 1),
      checkDuration('grace', graceMs, 0),
    );
  }
}

/** Sessions: activity of a key separated by gaps longer than `inactivityGapMs`. */
export class SessionWindows {
  private constructor(
    readonly inactivityGapMs: number,
    readonly graceMs: number,
  ) {}

  static ofInactivityGapAndGrace(inactivityGapMs: number, graceMs: number): SessionWindows {
    return new SessionWindows(
      checkDuration('inactivity gap', inactivityGapMs, 1),
      checkDuration('grace', graceMs, 0),
    );
  }
}

/** Windows for stream-stream joins: records join when their times differ by at most `beforeMs`/`afterMs`. */
export class JoinWindows {
  private constructor(
    readonly beforeMs: number,
    readonly afterMs: number,
    readonly graceMs: number,
  ) {}

  static ofTimeDifferenceAndGrace(timeDifferenceMs: number, graceMs: number): JoinWindows {
    const difference = checkDuration('time difference', timeDifferenceMs, 0);
    return new JoinWindows(difference, difference, checkDuration('grace', graceMs, 0));
  }
}
