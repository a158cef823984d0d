import type { Admin, Kafka } from 'kafkajs';
import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { spawnContender, type ContenderProcess } from './contender-process';
import type { ContenderPlan, RunContext } from './contenders';
import { createTopics } from './generate';
import { watchCommitted } from './measure';
import { countOutputRecords } from './output-count';
import { threadsInLog } from './thread-lines';
import { compareCounts, describeComparison } from './true-counts';
import type { ContenderResult } from './report';

export interface ContenderRun {
  ctx: RunContext;
  kafka: Kafka;
  admin: Admin;
  /** The input's end offsets, the finish line. */
  ends: Map<number, bigint>;
  /** Each window's true count, computed from the input: what the output must end at. */
  trueCounts: Map<string, number>;
  pollMs: number;
  timeoutMs: number;
}

/**
 * Runs one contender to the end of the input: creates its output topic, spawns it, watches its
 * committed offsets, stops it, counts its output. A contender that fails is a `failed` result, not
 * an exception, so the others still run.
 */
export async function runContender(plan: ContenderPlan, run: ContenderRun): Promise<ContenderResult> {
  const { ctx } = run;
  if (plan.output) await createTopics(run.admin, [plan.output]);
  const logFile = join(ctx.workDir, `${plan.name}.log`);
  const loadAtStart = loadavg()[0] ?? 0;
  log(`${plan.name}: starting, load average ${loadAtStart.toFixed(2)} (log ${logFile})`);
  const spawnedAt = performance.now();
  let child: ContenderProcess | undefined;
  try {
    child = spawnContender(plan.command, plan.args, logFile);
    const progress = await watchCommitted(child, {
      admin: run.admin,
      groupId: plan.groupId,
      topic: ctx.input,
      endOffsets: run.ends,
      spawnedAt,
      pollMs: run.pollMs,
      timeoutMs: run.timeoutMs,
    });
    await child.stop();
    const output = plan.output
      ? await countOutputRecords(run.kafka, plan.output, `bench.engine.count.${plan.name}.${ctx.runId}`)
      : undefined;
    log(`${plan.name}: done in ${(progress.doneMs / 1000).toFixed(1)} s`);
    return {
      name: plan.name,
      mode: plan.mode,
      threads: threadsRun(plan, logFile),
      outcome: 'ok',
      firstProgressS: progress.firstProgressMs / 1000,
      doneS: progress.doneMs / 1000,
      loadAtStart,
      ...(progress.stats ?? {}),
      ...(output
        ? {
            outputRecords: output.records,
            outputComplete: output.complete,
            outputsEqual: describeComparison(compareCounts(output.last, run.trueCounts)),
          }
        : {}),
    };
  } catch (error) {
    await child?.stop();
    const note = error instanceof Error ? error.message : String(error);
    log(`${plan.name}: failed: ${note}`);
    return {
      name: plan.name,
      mode: plan.mode,
      threads: threadsRun(plan, logFile),
      outcome: 'failed',
      note: note.split('\n')[0] ?? note,
    };
  } finally {
    rmSync(join(ctx.workDir, plan.name), { recursive: true, force: true });
  }
}

/** The stream threads the contender reported in its log, else those it was started with. */
function threadsRun(plan: ContenderPlan, logFile: string): number | undefined {
  try {
    return threadsInLog(readFileSync(logFile, 'utf8')) ?? plan.threads;
  } catch {
    return plan.threads;
  }
}

export function log(line: string): void {
  process.stderr.write(`${new Date().toISOString()} ${line}\n`);
}
