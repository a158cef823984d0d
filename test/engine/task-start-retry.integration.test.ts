import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { eventually } from '../support/eventually';
import { readRawTopic } from '../support/topic-reader';

const START = Date.UTC(2026, 10, 25, 12, 0, 0);

/**
 * A task that cannot start is tried again from a timer, outside the thread's lock: the member's
 * other tasks keep processing and committing meanwhile, and the task runs once it can.
 */
describe.each(THREADINGS)('stream engine: a task that cannot start yet (%s)', (threading) => {
  const kafka = testKafka();
  let stateDir: string;

  beforeEach(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'engine-start-retry-'));
  });
  afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

  it('is retried while the other task processes and commits, and runs once its store can open', async () => {
    const { input, output, applicationId } = await engineTopics(kafka, 'start-retry', 2);
    // A file where task 0_1's state directory belongs: its persistent store cannot open.
    mkdirSync(join(stateDir, applicationId), { recursive: true });
    const blocker = join(stateDir, applicationId, '0_1');
    writeFileSync(blocker, 'not a directory');
    const events = seededEvents(2_000, 20, START, 5 * 60_000);
    await produceEvents(kafka, input, events);

    const admin = kafka.admin();
    await admin.connect();
    const app = windowedCountApp(
      threading,
      { input, output, graceMs: 3_600_000, storeName: 'counts', persistent: true },
      { applicationId, kafka: testKafka(), stateDir },
    );
    await app.start();
    try {
      const ends = new Map((await admin.fetchTopicOffsets(input)).map((p) => [p.partition, p.offset]));
      const committed = async () => {
        const [topic] = await admin.fetchOffsets({ groupId: applicationId, topics: [input] });
        return new Map(topic!.partitions.map((p) => [p.partition, p.offset]));
      };
      // Partition 0's task commits all its input while partition 1's keeps failing to start.
      const whileBlocked = await eventually(committed, (offsets) => offsets.get(0) === ends.get(0), 30_000);
      expect(whileBlocked.get(1)).toBe('-1');
      rmSync(blocker);
      await waitForCommitted(kafka, applicationId, input, 60_000);
    } finally {
      await app.stop();
      await admin.disconnect();
    }
    expect(latestWindowCounts(await readRawTopic(output))).toEqual(windowCounts(events, 60_000));
  });
});
