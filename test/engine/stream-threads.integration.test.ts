import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type ExternalSink, StreamsApp, type StreamsError, type Windowed } from '../../topologies/engine';
import {
  engineTopics,
  latestWindowCounts,
  produceEvents,
  seededEvents,
  testKafka,
  waitForCommitted,
  windowCounts,
} from '../support/engine';
import { THREADINGS, windowedCountApp, windowedCountModule } from '../support/engine-modules';
import { eventually } from '../support/eventually';
import { readRawTopic } from '../support/topic-reader';

const START = Date.UTC(2026, 10, 25, 12, 0, 0);

/** Sum of a metric's values over its labels (`state` picks one state of `streams_tasks`). */
async function metricSum(app: StreamsApp, name: string, state?: string): Promise<number> {
  const metric = await app.metricsRegistry.getSingleMetric(name)?.get();
  return (metric?.values ?? [])
    .filter((v) => state === undefined || v.labels.state === state)
    .reduce((sum, v) => sum + v.value, 0);
}

describe('stream engine: stream threads', () => {
  const kafka = testKafka();
  let stateDir: string;
  beforeEach(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'engine-threads-'));
  });
  afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

  it('two in one app share the tasks, and a restart on the same state directory resumes from the checkpoints', async () => {
    const { input, output, applicationId } = await engineTopics(kafka, 'threads', 4);
    const events = seededEvents(6_000, 30, START, 8 * 60_000);
    const lines: Array<{ thread?: string; msg?: string }> = [];
    const run = async (part: typeof events) => {
      const app = new StreamsApp(
        windowedCountModule({ input, output, graceMs: 3_600_000, storeName: 'counts', persistent: true }),
        {
          applicationId,
          kafka: testKafka(),
          stateDir,
          numStreamThreads: 2,
          logger: pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) }),
        },
      );
      const from = lines.length;
      await app.start();
      try {
        // The threads rarely join in one generation: wait until both run tasks, so no task moves
        // between them (and restores again) while records flow.
        await eventually(
          async () => ({
            running: await metricSum(app, 'streams_tasks', 'running'),
            threads: new Set(
              lines
                .slice(from)
                .filter((l) => l.msg === 'task running')
                .map((l) => l.thread),
            ).size,
          }),
          (state) => state.running === 4 && state.threads === 2,
        );
        await produceEvents(kafka, input, part);
        await waitForCommitted(kafka, applicationId, input);
      } finally {
        await app.stop();
      }
      return app;
    };
    await run(events.slice(0, 3_000));
    const running = lines.filter((line) => line.msg === 'task running').map((line) => line.thread);
    expect(new Set(running)).toEqual(
      new Set([`${applicationId}-StreamThread-1`, `${applicationId}-StreamThread-2`]),
    );
    const again = await run(events.slice(3_000));
    expect(await metricSum(again, 'streams_restore_records_total')).toBe(0);
    expect(latestWindowCounts(await readRawTopic(output))).toEqual(windowCounts(events, 60_000));
  });

  it("write through a sink of the app's thread, whose retriable failure comes back to be retried", async () => {
    const { input, output, applicationId } = await engineTopics(kafka, 'threads-sink', 4);
    const events = seededEvents(4_000, 20, START, 6 * 60_000);
    const table = new Map<string, { count: number; version: bigint }>();
    let failures = 0;
    const sink: ExternalSink<Windowed<string>, number> = {
      write: async (records, context) => {
        expect(context.applicationId).toBe(applicationId);
        if (failures === 0) {
          failures += 1;
          throw Object.assign(new Error('table busy'), { code: 'TABLE_BUSY', retriable: true });
        }
        for (const record of records) {
          const key = `${record.key.key}@${record.key.window.start}`;
          const kept = table.get(key);
          if (kept === undefined || kept.version <= record.version)
            table.set(key, { count: record.value, version: record.version });
        }
      },
    };
    const app = new StreamsApp(
      windowedCountModule({ input, output, graceMs: 3_600_000, appSink: 'windows' }),
      { applicationId, kafka: testKafka(), numStreamThreads: 2, appSinks: { windows: sink } },
    );
    await app.start();
    try {
      await produceEvents(kafka, input, events);
      await waitForCommitted(kafka, applicationId, input);
    } finally {
      await app.stop();
    }
    expect(failures).toBe(1);
    expect(new Map([...table].map(([key, row]) => [key, row.count]))).toEqual(windowCounts(events, 60_000));
    expect(typeof [...table.values()][0]!.version).toBe('bigint');
  });

  it.each(THREADINGS)(
    '%s: a processor that throws fails the app once, with its own error, and stop ends every thread',
    async (threading) => {
      const { input, output, applicationId } = await engineTopics(kafka, 'threads-fail', 2);
      const app = windowedCountApp(
        threading,
        { input, output, graceMs: 60_000, poisonKey: 'poison' },
        // The failure is expected: read through onError, not logged.
        { applicationId, kafka: testKafka(), logger: pino({ level: 'silent' }) },
      );
      const errors: StreamsError[] = [];
      app.onError((error) => errors.push(error));
      await app.start();
      try {
        await produceEvents(kafka, input, [{ key: 'poison', time: START, partition: 1 }]);
        await eventually(
          async () => app.state,
          (state) => state === 'failed',
        );
      } finally {
        await app.stop();
      }
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({
        code: 'STREAMS_PROCESSING_FAILED',
        message: expect.stringContaining('poisoned record poison'),
      });
      if (threading !== 'in-thread') expect(String(errors[0]!.details?.thread)).toMatch(/StreamThread-[12]$/);
    },
  );
});
