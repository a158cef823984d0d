import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KAFKA_STREAMS_JAR } from './kafka-streams-build';

export const CONTENDERS = [
  'ceiling',
  'kafka-streams-alos',
  'kafka-streams-eos',
  'engine-alos',
  'engine-eos',
  'engine-alos-base',
  'engine-eos-base',
  'engine-alos-1t',
  'engine-eos-1t',
  'kafka-streams-alos-2t',
  'kafka-streams-eos-2t',
] as const;
export type ContenderName = (typeof CONTENDERS)[number];
export type Mode = 'at_least_once' | 'exactly_once';

/**
 * What runs without `--only`: the `-base` contenders need `--baseline`, and the one-thread engine
 * (`-1t`) and two-thread Kafka Streams (`-2t`) are extra figures for reading the ratios.
 */
export const DEFAULT_CONTENDERS = CONTENDERS.filter((name) => !/-(base|1t|2t)$/.test(name));

/** The engine's benchmark entry point, written with the engine (topologies/engine/). */
export const ENGINE_APP = join(__dirname, 'engine-app.ts');
const CEILING_APP = join(__dirname, 'ceiling-app.ts');

export interface RunContext {
  brokers: string[];
  registryUrl: string;
  input: string;
  runId: string;
  workDir: string;
  /** A checkout (e.g. a git worktree of an earlier commit) whose engine the `-base` contenders run. */
  baselineDir?: string;
  /** Where the engine contenders write V8 CPU profiles (`node --cpu-prof`), if set. */
  cpuProfDir?: string;
  /** Stream threads for this tree's engine contenders (`--threads N`); else the engine's default. */
  engineThreads?: number;
}

/** How to start one contender and where to watch it. */
export interface ContenderPlan {
  name: ContenderName;
  mode: Mode | undefined;
  /** The consumer group whose committed offsets measure progress (a Streams application id). */
  groupId: string;
  /** Its output topic; the ceiling writes none. */
  output: string | undefined;
  command: string;
  args: string[];
  /**
   * Its stream threads when known from how it is started; this tree's engine contenders print
   * theirs (the engine may run fewer than asked), see thread-lines.ts.
   */
  threads: number | undefined;
}

export function isContender(name: string): name is ContenderName {
  return (CONTENDERS as readonly string[]).includes(name);
}

/** Why a contender cannot run now, or undefined when it can. */
export function unavailable(name: ContenderName, ctx?: RunContext): string | undefined {
  if (name.endsWith('-base')) {
    if (ctx?.baselineDir === undefined) return 'needs --baseline DIR';
    return existsSync(baselineApp(ctx.baselineDir)) ? undefined : 'no engine-app.ts in --baseline';
  }
  if (name.startsWith('engine-') && !existsSync(ENGINE_APP)) return 'not available yet';
  return undefined;
}

export function planContender(name: ContenderName, ctx: RunContext): ContenderPlan {
  const mode = modeOf(name);
  const id = `bench.engine.${name}.${ctx.runId}`;
  const brokers = ctx.brokers.join(',');
  if (name === 'ceiling') {
    return {
      name,
      mode,
      groupId: id,
      output: undefined,
      command: process.execPath,
      args: nodeArgs(CEILING_APP, [
        ...['--brokers', brokers, '--registry', ctx.registryUrl],
        ...['--input', ctx.input, '--group-id', id],
      ]),
      threads: 1,
    };
  }
  const output = `bench.engine.output.${name}.${ctx.runId}`;
  const common = [
    ...['--mode', mode ?? 'at_least_once', '--brokers', brokers, '--registry', ctx.registryUrl],
    ...['--input', ctx.input, '--output', output, '--application-id', id],
  ];
  const stateDir = join(ctx.workDir, name, 'state');
  if (name.startsWith('kafka-streams-')) {
    const java = ['-Xmx512m', '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn', '-jar', KAFKA_STREAMS_JAR];
    const threads = name.endsWith('-2t') ? 2 : 1;
    return {
      name,
      mode,
      groupId: id,
      output,
      command: 'java',
      args: [...java, ...common, '--state-dir', stateDir, '--threads', String(threads)],
      threads,
    };
  }
  const base = name.endsWith('-base');
  const app = base && ctx.baselineDir ? baselineApp(ctx.baselineDir) : ENGINE_APP;
  const prof = ctx.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', join(ctx.cpuProfDir, name)] : [];
  const args = [...prof, ...nodeArgs(app, [...common, '--state-dir', stateDir, ...engineFlags(name, ctx)])];
  // An engine-app that prints no thread lines predates stream threads: it ran on its own thread.
  return { name, mode, groupId: id, output, command: process.execPath, args, threads: base ? 1 : undefined };
}

/**
 * This tree's engine flags; never for `-base`, whose older engine-app rejects flags it does not
 * know (its parseArgs is strict).
 */
function engineFlags(name: ContenderName, ctx: RunContext): string[] {
  if (name.endsWith('-base')) return [];
  if (name.endsWith('-1t')) return ['--inline'];
  return ctx.engineThreads === undefined ? [] : ['--threads', String(ctx.engineThreads)];
}

function baselineApp(dir: string): string {
  return join(dir, 'bench', 'stream-engine', 'engine-app.ts');
}

/** tsx's loader, by absolute URL so the child resolves it from any working directory. */
const TSX_LOADER = pathToFileURL(require.resolve('tsx')).href;

/**
 * `node --import tsx FILE`, not the tsx binary: the binary runs the code in a second node process,
 * and the child's pid must be the process whose peak RSS is measured.
 */
function nodeArgs(file: string, args: string[]): string[] {
  return ['--import', TSX_LOADER, file, ...args];
}

function modeOf(name: ContenderName): Mode | undefined {
  if (/-alos(-|$)/.test(name)) return 'at_least_once';
  if (/-eos(-|$)/.test(name)) return 'exactly_once';
  return undefined;
}
