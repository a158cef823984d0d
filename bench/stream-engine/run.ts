import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../platform/config';
import { cleanUp } from './clean-up';
import {
  CONTENDERS,
  DEFAULT_CONTENDERS,
  isContender,
  planContender,
  unavailable,
  type ContenderName,
  type RunContext,
} from './contenders';
import { createTopics, generateInput } from './generate';
import { benchKafka } from './kafka-client';
import { ensureKafkaStreamsJar } from './kafka-streams-build';
import { machineInfo } from './machine-info';
import { endOffsets } from './measure';
import { markdownReport, textReport, type ContenderResult } from './report';
import { log, runContender } from './run-contender';

/**
 * The stream-engine benchmark: one fresh input topic, then each contender in turn against it
 * (bench/stream-engine/README.md). Usage:
 * `node_modules/.bin/tsx bench/stream-engine/run.ts [--records N] [--only a,b] [--seed N]
 *  [--poll-ms N] [--timeout-s N] [--brokers B] [--registry URL] [--keep-topics]
 *  [--baseline DIR] [--cpu-prof DIR] [--engine-threads N]`.
 */
const config = loadConfig();
const { values: flags } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    only: { type: 'string', default: DEFAULT_CONTENDERS.join(',') },
    seed: { type: 'string', default: '20260101' },
    'poll-ms': { type: 'string', default: '100' },
    'timeout-s': { type: 'string', default: '900' },
    brokers: { type: 'string', default: config.kafka.brokers.join(',') },
    registry: { type: 'string', default: config.schemaRegistry.url },
    'keep-topics': { type: 'boolean', default: false },
    baseline: { type: 'string' },
    'cpu-prof': { type: 'string' },
    'engine-threads': { type: 'string' },
  },
});

async function main(): Promise<void> {
  const records = positive('records');
  const selected = flags.only.split(',').map((name) => name.trim());
  const unknown = selected.filter((name) => !isContender(name));
  if (unknown.length > 0)
    throw new Error(`unknown contender(s) ${unknown.join(', ')}; know ${CONTENDERS.join(', ')}`);
  const contenders = selected as ContenderName[];
  if (contenders.some((name) => name.startsWith('kafka-streams-'))) ensureKafkaStreamsJar();

  const runId = randomBytes(4).toString('hex');
  const workDir = join(tmpdir(), `bench-stream-engine-${runId}`);
  mkdirSync(workDir, { recursive: true });
  const brokers = flags.brokers.split(',');
  const ctx: RunContext = {
    brokers,
    registryUrl: flags.registry,
    input: `bench.engine.input.${runId}`,
    runId,
    workDir,
    ...(flags.baseline ? { baselineDir: resolve(flags.baseline) } : {}),
    ...(flags['cpu-prof'] ? { cpuProfDir: resolve(flags['cpu-prof']) } : {}),
    ...(flags['engine-threads'] === undefined ? {} : { engineThreads: positive('engine-threads') }),
  };
  const kafka = benchKafka(brokers, 'bench-orchestrator');
  const admin = kafka.admin();
  await admin.connect();
  const groups: string[] = [];
  try {
    await createTopics(admin, [ctx.input]);
    log(`producing ${records} records to ${ctx.input}`);
    const input = await generateInput(kafka, ctx.registryUrl, ctx.input, records, positive('seed'));
    log(`produced in ${input.seconds.toFixed(1)} s, mean value ${input.meanValueBytes.toFixed(0)} bytes`);
    const ends = await endOffsets(admin, ctx.input);

    const run = {
      ctx,
      kafka,
      admin,
      ends,
      trueCounts: input.trueCounts,
      pollMs: positive('poll-ms'),
      timeoutMs: positive('timeout-s') * 1000,
    };
    const results: ContenderResult[] = [];
    for (const name of contenders) {
      const plan = planContender(name, ctx);
      const reason = unavailable(name, ctx);
      if (reason) {
        log(`${name.startsWith('engine-') ? `engine (${plan.mode})` : name}: ${reason}`);
        results.push({ name, mode: plan.mode, threads: plan.threads, outcome: 'skipped', note: reason });
        continue;
      }
      groups.push(plan.groupId);
      results.push(await runContender(plan, run));
    }

    const summary = {
      command: `node_modules/.bin/tsx bench/stream-engine/run.ts ${process.argv.slice(2).join(' ')}`.trim(),
      records,
      meanValueBytes: input.meanValueBytes,
      distinctWindows: input.distinctWindows,
      machine: machineInfo(),
      results,
    };
    process.stdout.write(`\n${textReport(summary)}\n\n\`\`\`markdown\n${markdownReport(summary)}\n\`\`\`\n`);
  } finally {
    if (!flags['keep-topics']) await cleanUp(admin, runId, groups);
    await admin.disconnect();
  }
}

function positive(name: 'records' | 'seed' | 'poll-ms' | 'timeout-s' | 'engine-threads'): number {
  const value = Number(flags[name]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
