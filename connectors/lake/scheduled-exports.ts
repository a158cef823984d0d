import type { Logger } from '../../platform/logger';
import { PollSchedule } from '../poll-schedule';
import { type AnalyticsExportDeps, exportAnalytics } from './analytics-export';
import { closedPeriods } from './analytics-periods';

const DAY = 86_400_000;
/** How far back each run looks for periods that late data changed. */
const LOOKBACK_MS = 40 * DAY;
/** A period is exported an hour after it ends: late records within the topologies' grace are in. */
const CLOSE_AFTER_MS = 3_600_000;

/**
 * Writes the closed periods since `since` (default: the last 40 days, far enough back for late
 * data) whose rows changed, and answers the keys written. The timer below and the operator's
 * `export analytics` command both run this.
 */
export function exportClosedPeriods(
  deps: AnalyticsExportDeps,
  now: number,
  since = now - LOOKBACK_MS,
): Promise<string[]> {
  return exportAnalytics(deps, closedPeriods(since, now, now - CLOSE_AFTER_MS));
}

/**
 * The processed exports on a timer, in the process that holds ClickHouse (embedded chdb cannot be
 * opened by a second process): every `intervalMs`, the closed periods of the last 40 days whose rows
 * changed are written again (connectors/lake/analytics-export.ts). A failed run is logged and the
 * next one tries again; `stop` waits for a run in progress.
 */
export class ScheduledExports {
  private readonly schedule: PollSchedule;

  constructor(
    private readonly deps: AnalyticsExportDeps,
    intervalMs: number,
    private readonly logger: Logger,
  ) {
    // The first run waits an interval: a start is no reason to export, and run() reports its own failures.
    this.schedule = new PollSchedule(
      () => this.run(),
      intervalMs,
      () => undefined,
      { atStart: false },
    );
  }

  start(): void {
    this.schedule.start();
  }

  stop(): Promise<void> {
    return this.schedule.stop();
  }

  /** One export of the closed periods of the last 40 days (also what the timer runs). */
  async run(now = Date.now()): Promise<void> {
    try {
      const written = await exportClosedPeriods(this.deps, now);
      if (written.length > 0)
        this.logger.info({ files: written.length }, 'exported closed periods to the lake');
    } catch (error) {
      this.logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'lake export failed; retrying at the next interval',
      );
    }
  }
}
