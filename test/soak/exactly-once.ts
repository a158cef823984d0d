/**
 * `npm run soak:exactly-once -- --runs 20`: the SIGKILL exactly-once scenario
 * (test/support/exactly-once-kill.ts) again and again against the local broker, while a parallel
 * producer keeps the broker busy, the way a full `npm test` on a fresh machine does. Prints each
 * run and `N passed, M failed`; exits 1 on any failure and keeps the failed runs' engine logs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type KillScenarioResult, differences, runKillScenario } from '../support/exactly-once-kill';
import { createTopics, testKafka } from '../support/engine';
import { uniqueName } from '../support/isolation';

/** Background load: batches of 500 small records to a topic of its own, until stopped. */
function startLoad(recordsPerSecond: number): { stop: () => Promise<number> } {
  const kafka = testKafka();
  const topic = uniqueName('soak-load-');
  const producer = kafka.producer({ idempotent: true });
  let running = true;
  let sent = 0;
  const loop = (async () => {
    await createTopics(kafka, [{ topic, partitions: 3 }]);
    await producer.connect();
    const value = Buffer.alloc(200, 'x');
    while (running) {
      const started = Date.now();
      const messages = Array.from({ length: 500 }, (_, i) => ({ key: String(i % 97), value }));
      await producer.send({ topic, messages, acks: -1 });
      sent += messages.length;
      const wait = (messages.length / recordsPerSecond) * 1000 - (Date.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    await producer.disconnect();
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return sent;
    },
  };
}

function describeFailure(result: KillScenarioResult): string {
  const wrong = differences(result);
  const duplicates = result.records - result.emitted.size;
  return `${wrong.length} windows differ (${wrong.slice(0, 5).join(', ')}), ${duplicates} duplicate emissions`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '20' }, load: { type: 'string', default: '2000' } },
  });
  const runs = Number(values.runs);
  const logs = mkdtempSync(join(tmpdir(), 'soak-exactly-once-'));
  const load = startLoad(Number(values.load));
  let passed = 0;
  let failed = 0;
  try {
    for (let run = 1; run <= runs; run += 1) {
      const logFile = join(logs, `run-${run}.log`);
      const started = Date.now();
      try {
        const result = await runKillScenario({ logFile });
        const ok = differences(result).length === 0 && result.records === result.truth.size;
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        if (ok) {
          passed += 1;
          rmSync(logFile, { force: true });
          console.log(
            `run ${run}/${runs}: pass, ${result.truth.size} windows, ${result.kills} kills, ${seconds} s`,
          );
        } else {
          failed += 1;
          console.log(`run ${run}/${runs}: FAIL, ${describeFailure(result)}, ${seconds} s, log ${logFile}`);
        }
      } catch (error) {
        failed += 1;
        console.log(`run ${run}/${runs}: FAIL, ${(error as Error).message}, log ${logFile}`);
      }
    }
  } finally {
    const sent = await load.stop();
    console.log(`background load: ${sent} records`);
  }
  if (failed === 0) rmSync(logs, { recursive: true, force: true });
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

void main();
