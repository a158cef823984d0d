import { type Timing, realTiming } from '../../platform/timing';

/**
 * At most `perSecond` starts in any rolling second, in call order: the Bot API's global limit
 * (about 30 messages a second per bot) applies to the whole process, not to one caller.
 */
export class RateLimiter {
  private readonly starts: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly perSecond: number,
    private readonly timing: Timing = realTiming,
  ) {}

  /** Resolves when the caller may start its request. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot());
    this.queue = turn;
    return turn;
  }

  private async waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.timing.now();
      while (this.starts.length > 0 && this.starts[0]! <= now - 1000) this.starts.shift();
      if (this.starts.length < this.perSecond) {
        this.starts.push(now);
        return;
      }
      await this.timing.sleep(this.starts[0]! + 1000 - now);
    }
  }
}
