import { readRawTopic } from '../support/topic-reader';
import {
  type KeyedEvent,
  engineTopics,
  latestWindowCounts,
  produceEvents,
  testKafka,
  waitForCommitted,
} from '../support/engine';
import { THREADINGS, windowedCountApp } from '../support/engine-modules';

const START = Date.UTC(2026, 10, 25, 12, 0, 0);

describe.each(THREADINGS)('stream engine: records later than the grace period (%s)', (threading) => {
  it('are left out of the result, counted, and written to the side output with the reason', async () => {
    const kafka = testKafka();
    const { input, output, applicationId } = await engineTopics(kafka, 'late', 1);
    const onTime: KeyedEvent[] = [
      { key: 'a', time: START + 1_000 },
      { key: 'a', time: START + 61_000 },
      { key: 'a', time: START + 124_000 },
      // Window [0, 60 s) closed at 60 s + 5 s grace; stream time is 124 s: within grace no longer.
      { key: 'a', time: START + 2_000 },
      // Window [60 s, 120 s) stays open while stream time is below 125 s: this one is on time.
      { key: 'a', time: START + 119_000 },
    ];
    const late = onTime[3]!;
    const app = windowedCountApp(
      threading,
      { input, output, graceMs: 5_000, storeName: 'counts' },
      { applicationId, kafka: testKafka() },
    );
    await app.start();
    try {
      await produceEvents(kafka, input, onTime);
      await waitForCommitted(kafka, applicationId, input);
    } finally {
      await app.stop();
    }

    expect(latestWindowCounts(await readRawTopic(output))).toEqual(
      new Map([
        [`a@${START}`, 1],
        [`a@${START + 60_000}`, 2],
        [`a@${START + 120_000}`, 1],
      ]),
    );
    const dropped = await app.metricsRegistry.getSingleMetric('streams_late_records_dropped_total')?.get();
    expect((dropped?.values ?? []).reduce((sum, v) => sum + v.value, 0)).toBe(1);
    const side = await readRawTopic(`${applicationId}-counts-late`);
    expect(side).toHaveLength(1);
    expect(side[0]!.key?.toString()).toBe('a');
    expect(JSON.parse(side[0]!.value!.toString())).toEqual({ key: 'a', time: late.time });
    expect(side[0]!.headers['late.event.time']).toBe(String(late.time));
    expect(side[0]!.headers['late.reason']).toMatch(/window closed/);
  });
});
