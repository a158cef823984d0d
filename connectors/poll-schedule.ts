/**
 * Runs a poller's round now (unless `atStart` is false) and then every `intervalMs`, never two at
 * once: a tick that finds the previous round still running is skipped rather than queued, so a
 * slow source never builds a backlog of rounds. A failed round is reported and the next one runs
 * on schedule.
 */
export class PollSchedule {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly round: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly onError: (error: Error) => void,
    private readonly options: { readonly atStart?: boolean } = {},
  ) {}

  start(): void {
    const tick = () => {
      if (this.running) return;
      this.running = this.round()
        // A round cut short by the stop (its clients closed) is not a failure worth reporting.
        .then(
          () => undefined,
          (error: Error) => {
            if (!this.stopped) this.onError(error);
          },
        )
        .finally(() => (this.running = undefined));
    };
    if (this.options.atStart ?? true) tick();
    this.timer = setInterval(tick, this.intervalMs);
  }

  /** Stops the schedule and waits for a round in flight (close its clients first to cut it short). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }
}
