import type { ChildProcess } from 'node:child_process';
import { uniqueName } from './isolation';
import { readRawTopic } from './topic-reader';
import { startChild, stopChild } from './child-process';
import {
  type KeyedEvent,
  createTopics,
  latestWindowCounts,
  produceEvents,
  seededEvents,
  testKafka,
  waitForCommitted,
  windowCounts,
} from './engine';

// A fixed date in the past on purpose: processing old events is what a backfill or replay does,
// and it once made the broker trim window changelogs (see topic-plan.ts, changelogConfigs).
const START = Date.UTC(2026, 10, 25, 12, 0, 0);
const PARTITIONS = 3;

/** What one run of the kill scenario saw, against the ground truth. */
export interface KillScenarioResult {
  readonly kills: number;
  readonly truth: ReadonlyMap<string, number>;
  readonly emitted: ReadonlyMap<string, number>;
  /** Output records: one per window when nothing is emitted twice. */
  readonly records: number;
  readonly applicationId: string;
}

/** Windows whose emitted count differs from the truth, as `window: emitted/expected`. */
export function differences(result: KillScenarioResult): string[] {
  const keys = new Set([...result.truth.keys(), ...result.emitted.keys()]);
  return [...keys]
    .filter((key) => result.truth.get(key) !== result.emitted.get(key))
    .map((key) => `${key}: ${result.emitted.get(key) ?? 'none'}/${result.truth.get(key) ?? 'none'}`);
}

/**
 * An exactly-once windowed count in a child process, SIGKILLed three times while 12,000 events in
 * event-time order flow in; suppress emits each final window once. `logFile` keeps the children's
 * debug logs (task starts, restores) for a run that goes wrong.
 */
export interface KillScenarioOptions {
  /** Appends the children's debug logs here. */
  readonly logFile?: string;
  /** Also writes every window update to this PostgreSQL table (see postgres-window-sink.ts). */
  readonly sinkTable?: string;
  /** Emit final windows only (default) or every update. */
  readonly suppress?: boolean;
  readonly guarantee?: 'exactly_once' | 'at_least_once';
  /** Stream threads of the child app (default: one, in its main thread). */
  readonly threads?: number;
}

export async function runKillScenario(scenario: KillScenarioOptions = {}): Promise<KillScenarioResult> {
  const { logFile, sinkTable } = scenario;
  const kafka = testKafka();
  const input = uniqueName('engine-eos-in-');
  const output = uniqueName('engine-eos-out-');
  const applicationId = uniqueName('engine-eos-app-');
  await createTopics(kafka, [
    { topic: input, partitions: PARTITIONS },
    { topic: output, partitions: PARTITIONS },
  ]);
  // In event-time order, so with 10 s of grace nothing is late.
  const events = seededEvents(12_000, 30, START, 15 * 60_000).sort((a, b) => a.time - b.time);
  const options = JSON.stringify({
    applicationId,
    input,
    output,
    guarantee: scenario.guarantee ?? 'exactly_once',
    graceMs: 10_000,
    suppress: scenario.suppress ?? true,
    ...(sinkTable === undefined ? {} : { sinkTable }),
    ...(scenario.threads === undefined ? {} : { threads: scenario.threads }),
  });
  const env: Record<string, string> = logFile === undefined ? {} : { ENGINE_CHILD_LOG: logFile };
  const spawnApp = () => startChild('test/support/engine-child.ts', [options], env);
  let child: ChildProcess = await spawnApp();
  let kills = 0;
  try {
    const chunk = 1_000;
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
  } finally {
    await stopChild(child, 'SIGTERM');
  }
  const records = await readRawTopic(output);
  return {
    kills,
    truth: windowCounts(events, 60_000),
    emitted: latestWindowCounts(records),
    records: records.length,
    applicationId,
  };
}
