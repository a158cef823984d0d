/**
 * At most `limit` tasks at a time; the rest wait in arrival order. Used in front of the embedded
 * ClickHouse engine, which runs queries on the libuv pool (four threads) but gains little from
 * running them at once: on two cores, two at a time answered 15% more queries than one, and four
 * at a time doubled the p99 (docs/benchmarks.md).
 */
export interface GateOptions {
  /** Tasks that may wait; one more bounded task is refused at once with `whenFull()`. Unbounded if unset. */
  maxWaiting?: number;
  whenFull?: () => Error;
}

export class Gate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly limit: number,
    private readonly options: GateOptions = {},
  ) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`gate limit must be a positive integer, got ${limit}`);
  }

  /** Tasks started and not finished, and tasks waiting for a turn. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Runs `task` in its turn; a `bounded` task (the default) is refused when too many wait. */
  async run<T>(task: () => Promise<T>, bounded = true): Promise<T> {
    const full = this.waiting.length >= (this.options.maxWaiting ?? Infinity);
    if (bounded && this.running >= this.limit && full) {
      throw this.options.whenFull?.() ?? new Error(`${this.waiting.length} tasks are waiting already`);
    }
    if (this.running < this.limit) this.running += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // the finisher hands over its slot
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
