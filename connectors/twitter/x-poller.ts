import type { Pool } from 'pg';
import { toAppError } from '../../platform/errors';
import type { IntakeDeps } from '../intake';
import { PollSchedule } from '../poll-schedule';
import { sampleFollowers } from './follower-sampler';
import { refreshMetrics } from './metrics-refresher';
import { PollState } from './poll-state';
import { PostWriter } from './post-writer';
import { ReadBudget } from './read-budget';
import { TargetReader } from './target-reader';
import type { XApiClient } from './x-api-client';

export interface XPollerDeps extends IntakeDeps {
  client: XApiClient;
  postgres: Pool;
  intervalMs: number;
  refreshMaxAgeMs: number;
  refreshIntervalMs: number;
  /** The clock (tests move it to cross a month). */
  now?: () => Date;
}

/** What one round did. */
export interface XRoundSummary {
  stored: number;
  failed: number;
  budgetSpent: number;
  followers: number;
  refreshed: number;
}

/**
 * Polls X for every tracked account (user timeline) and tracked query (recent search) on a
 * schedule, then samples followers and refreshes the metrics of young posts. One target failing
 * (refused, or X unavailable) is logged and retried next round from its checkpoint; the others
 * go on. Rounds never overlap.
 */
export class XPoller {
  private readonly schedule: PollSchedule;
  private readonly state: PollState;
  private readonly budget: ReadBudget;
  private readonly writer: PostWriter;
  private readonly reader: TargetReader;
  private readonly now: () => Date;

  constructor(private readonly deps: XPollerDeps) {
    this.now = deps.now ?? (() => new Date());
    this.state = new PollState(deps.postgres);
    this.budget = new ReadBudget(deps.postgres, deps.metrics, deps.logger);
    this.writer = new PostWriter(deps);
    this.schedule = new PollSchedule(
      () => this.pollOnce(),
      deps.intervalMs,
      (error) => deps.logger.warn({ err: error.message }, 'X poll round failed; next one on schedule'),
    );
    this.reader = new TargetReader({
      ...deps,
      state: this.state,
      budget: this.budget,
      writer: this.writer,
      now: this.now,
    });
  }

  start(): void {
    this.schedule.start();
  }

  stop(): Promise<void> {
    return this.schedule.stop();
  }

  async pollOnce(): Promise<XRoundSummary> {
    const summary: XRoundSummary = { stored: 0, failed: 0, budgetSpent: 0, followers: 0, refreshed: 0 };
    const targets = await this.state.targets();
    for (const target of targets) {
      if (this.deps.client.closed) return summary; // stopping: the rest waits for the next start
      try {
        const { outcome, stored } = await this.reader.read(target);
        summary.stored += stored;
        if (outcome === 'budget_spent') summary.budgetSpent += 1;
        this.deps.metrics.xPolls.inc({ kind: target.kind, outcome });
      } catch (error) {
        if (this.deps.client.closed) return summary;
        summary.failed += 1;
        this.deps.metrics.xPolls.inc({ kind: target.kind, outcome: 'failed' });
        const appError = toAppError(error);
        this.deps.logger.warn(
          { kind: target.kind, target: target.target, code: appError.code, err: appError.message },
          'X target not polled; retried next round from its checkpoint',
        );
      }
    }
    const common = {
      ...this.deps,
      state: this.state,
      budget: this.budget,
      writer: this.writer,
      now: this.now,
    };
    if (this.deps.client.closed) return summary;
    summary.followers = await this.step('followers', async () => {
      const accounts = targets.filter((target) => target.kind === 'account');
      return (await sampleFollowers(common, accounts)).sampled;
    });
    summary.refreshed = await this.step('refresh', () =>
      refreshMetrics(
        { ...common, maxAgeMs: this.deps.refreshMaxAgeMs, intervalMs: this.deps.refreshIntervalMs },
        targets,
      ),
    );
    return summary;
  }

  /** Runs a round step that may fail without failing the round. */
  private async step(kind: 'followers' | 'refresh', run: () => Promise<number>): Promise<number> {
    try {
      const count = await run();
      this.deps.metrics.xPolls.inc({ kind, outcome: 'ok' });
      return count;
    } catch (error) {
      if (this.deps.client.closed) return 0;
      this.deps.metrics.xPolls.inc({ kind, outcome: 'failed' });
      this.deps.logger.warn(
        { step: kind, err: (error as Error).message },
        'X poll step failed; next round retries',
      );
      return 0;
    }
  }
}
