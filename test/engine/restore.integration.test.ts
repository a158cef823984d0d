import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StreamsApp } from '../../topologies/engine';
import { readRawTopic } from '../support/topic-reader';
import {
  engineTopics,
  latestWindowCounts,
  produceEvents,
  seededEvents,
  testKafka,
  waitForCommitted,
  windowCounts,
} from '../support/engine';
import { THREADINGS, windowedCountApp } from '../support/engine-modules';

const START = Date.UTC(2026, 10, 25, 12, 0, 0);

/** Sum of a counter over its labels, from the app's own registry. */
async function restored(app: StreamsApp): Promise<number> {
  const metric = await app.metricsRegistry.getSingleMetric('streams_restore_records_total')?.get();
  return (metric?.values ?? []).reduce((sum, v) => sum + v.value, 0);
}

/** State records in the store's changelog (not the at-least-once position markers beside them). */
async function changelogSize(applicationId: string): Promise<number> {
  const records = await readRawTopic(`${applicationId}-counts-changelog`);
  return records.filter((r) => r.headers['streams.positions'] === undefined).length;
}

describe.each(THREADINGS)('stream engine: restart restores state (%s)', (threading) => {
  const kafka = testKafka();
  let input: string;
  let output: string;
  let applicationId: string;
  const events = seededEvents(6_000, 25, START, 8 * 60_000);
  const part = (n: number) => events.slice(n * 2_000, (n + 1) * 2_000);

  beforeEach(async () => {
    ({ input, output, applicationId } = await engineTopics(kafka, 'restore', 2));
  });

  /**
   * Records replayed into the stores. Two stream threads rarely join the group in one generation
   * (the first JoinGroup completes at once on an empty group), so a task the first thread began
   * to restore may move to the second, which replays it again: at least the changelog, then.
   */
  const expectReplayed = (replayed: number, changelog: number) =>
    threading === 'in-thread'
      ? expect(replayed).toBe(changelog)
      : expect(replayed).toBeGreaterThanOrEqual(changelog);

  const run = async (stateDir: string | undefined, persistent: boolean, work: () => Promise<void>) => {
    const app = windowedCountApp(
      threading,
      { input, output, graceMs: 3_600_000, storeName: 'counts', persistent },
      { applicationId, kafka: testKafka(), ...(stateDir ? { stateDir } : {}) },
    );
    await app.start();
    try {
      await work();
      await waitForCommitted(kafka, applicationId, input);
    } finally {
      await app.stop();
    }
    return app;
  };

  it('in memory: a new instance replays the whole changelog, then continues exactly', async () => {
    await run(undefined, false, () => produceEvents(kafka, input, part(0)));
    const written = await changelogSize(applicationId);
    const second = await run(undefined, false, () => produceEvents(kafka, input, [...part(1), ...part(2)]));
    expectReplayed(await restored(second), written);
    expect(latestWindowCounts(await readRawTopic(output))).toEqual(windowCounts(events, 60_000));
  });

  it('persistent: an instance restarts from its checkpoint and replays only the changelog tail', async () => {
    const first = mkdtempSync(join(tmpdir(), 'engine-restore-a-'));
    const other = mkdtempSync(join(tmpdir(), 'engine-restore-b-'));
    try {
      const a = await run(first, true, () => produceEvents(kafka, input, part(0)));
      expect(await restored(a)).toBe(0);
      const atCheckpoint = await changelogSize(applicationId);
      // Another instance (its own disk) moves the state on, so the first one's checkpoint is behind.
      await run(other, true, () => produceEvents(kafka, input, part(1)));
      const tail = (await changelogSize(applicationId)) - atCheckpoint;
      expect(tail).toBeGreaterThan(0);
      const again = await run(first, true, () => produceEvents(kafka, input, part(2)));
      expectReplayed(await restored(again), tail);
      expect(latestWindowCounts(await readRawTopic(output))).toEqual(windowCounts(events, 60_000));
    } finally {
      rmSync(first, { recursive: true, force: true });
      rmSync(other, { recursive: true, force: true });
    }
  });
});
