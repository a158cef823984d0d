import type { ChildProcess } from 'node:child_process';
import { uniqueName } from '../support/isolation';
import { readRawTopic } from '../support/topic-reader';
import { startChild, stopChild } from '../support/child-process';
import {
  type KeyedEvent,
  createTopics,
  latestWindowCounts,
  produceEvents,
  seededEvents,
  testKafka,
  waitForCommitted,
  windowCounts,
} from '../support/engine';

const START = Date.UTC(2026, 10, 25, 12, 0, 0);
const PARTITIONS = 3;

describe('stream engine: exactly-once through SIGKILL', () => {
  it('emits every final window once, equal to the ground truth, although the app is killed mid-stream', async () => {
    const kafka = testKafka();
    const input = uniqueName('engine-eos-in-');
    const output = uniqueName('engine-eos-out-');
    const applicationId = uniqueName('engine-eos-app-');
    await createTopics(kafka, [
      { topic: input, partitions: PARTITIONS },
      { topic: output, partitions: PARTITIONS },
    ]);
    // In event-time order, so with 10 s of grace nothing is late; suppress emits each window once.
    const events = seededEvents(12_000, 30, START, 15 * 60_000).sort((a, b) => a.time - b.time);
    const options = JSON.stringify({
      applicationId,
      input,
      output,
      guarantee: 'exactly_once',
      graceMs: 10_000,
      suppress: true,
    });
    const spawnApp = () => startChild('test/support/engine-child.ts', [options]);
    let child: ChildProcess = await spawnApp();
    try {
      const chunk = 1_000;
      let kills = 0;
      for (let sent = 0; sent < events.length; sent += chunk) {
        await produceEvents(kafka, input, events.slice(sent, sent + chunk));
        // Kill after chunks 2, 5 and 8, at different moments of the app's work.
        if ([2, 5, 8].includes(sent / chunk)) {
          await new Promise((resolve) => setTimeout(resolve, 150 * (kills + 1)));
          await stopChild(child, 'SIGKILL');
          kills += 1;
          child = await spawnApp();
        }
      }
      // One record far in the future on every partition moves each task's stream time past every window.
      const closing: KeyedEvent[] = Array.from({ length: PARTITIONS }, (_, partition) => ({
        key: 'closing',
        time: START + 2 * 3_600_000,
        partition,
      }));
      await produceEvents(kafka, input, closing);
      await waitForCommitted(kafka, applicationId, input, 180_000);
      expect(kills).toBe(3);
    } finally {
      await stopChild(child, 'SIGTERM');
    }

    const records = await readRawTopic(output);
    const truth = windowCounts(events, 60_000);
    expect(latestWindowCounts(records)).toEqual(truth);
    // No duplicates: exactly one final record per window.
    expect(records.length).toBe(truth.size);
  });
});
