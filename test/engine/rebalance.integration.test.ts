import pino from 'pino';
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

describe.each(THREADINGS)('stream engine: instances joining and leaving mid-stream (%s)', (threading) => {
  it.each(['exactly_once', 'at_least_once'] as const)(
    'ends with windowed counts equal to the ground truth (%s)',
    async (guarantee) => {
      const kafka = testKafka();
      const { input, output, applicationId } = await engineTopics(kafka, 'rebalance', 6);
      let instances = 0;
      const app = () =>
        windowedCountApp(
          threading,
          { input, output, graceMs: 3_600_000 },
          {
            applicationId,
            kafka: testKafka(),
            processingGuarantee: guarantee,
            sessionTimeoutMs: 10_000,
            ...(process.env.ENGINE_TEST_LOG
              ? {
                  logger: pino({ level: 'debug' }, pino.destination(process.env.ENGINE_TEST_LOG)).child({
                    instance: (instances += 1),
                  }),
                }
              : {}),
          },
        );
      const events = seededEvents(9_000, 40, START, 10 * 60_000);
      const [a, b, c] = [app(), app(), app()];
      try {
        await Promise.all([a.start(), b.start()]);
        await produceEvents(kafka, input, events.slice(0, 3_000));
        await c.start();
        await produceEvents(kafka, input, events.slice(3_000, 6_000));
        await a.stop();
        await produceEvents(kafka, input, events.slice(6_000));
        await waitForCommitted(kafka, applicationId, input);
      } finally {
        await Promise.all([a.stop(), b.stop(), c.stop()]);
      }

      const produced = latestWindowCounts(await readRawTopic(output));
      expect(produced).toEqual(windowCounts(events, 60_000));
    },
  );
});
