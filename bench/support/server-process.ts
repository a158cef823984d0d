import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat. */
export function processCpuMs(pid: number): number {
  return statCpuMs(`/proc/${pid}/stat`);
}

/**
 * CPU time of a process's main thread only (its task whose id is the pid): for Node, the event
 * loop, the one thread that runs JavaScript. The rest of a process's CPU is GC helpers, libuv's
 * pool, and an embedded engine's own threads (chdb's background pools).
 */
export function mainThreadCpuMs(pid: number): number {
  return statCpuMs(`/proc/${pid}/task/${pid}/stat`);
}

function statCpuMs(path: string): number {
  const stat = readFileSync(path, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // the name may hold spaces
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS; // utime, stime
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The product as its own process (node with tsx) with `env`, ready once /readyz answers 200 on
 * the operations port (`env.OPS_PORT`).
 * `profileDir` makes it write a V8 CPU profile there when it exits; `root` runs another checkout's
 * product (a baseline's: a git worktree with `node_modules` linked in).
 */
export async function startServer(
  env: Record<string, string>,
  profileDir?: string,
  root = join(__dirname, '..', '..'),
): Promise<ChildProcess> {
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', join(root, 'app', 'main.ts')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const ready = await fetch(`http://127.0.0.1:${env.OPS_PORT}/readyz`).catch(() => undefined);
    if (ready?.ok) return child;
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  child.kill('SIGKILL');
  throw new Error('the server did not become ready');
}

/** Stops a server started by `startServer` and removes its chdb directory (`CLICKHOUSE_PATH`). */
export async function stopServer(server: ChildProcess, chdb: string): Promise<void> {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  rmSync(chdb, { recursive: true, force: true });
}

/**
 * What a bench's product process runs with: ports, topics, groups and a chdb directory of its own,
 * the local stack's (development) credentials, quiet logs, and answers unchecked, as in production.
 */
export async function benchEnvironment() {
  const id = randomBytes(4).toString('hex');
  return {
    HTTP_PORT: String(await freePort()),
    OPS_PORT: String(await freePort()),
    LOG_LEVEL: 'error',
    NODE_ENV: 'development',
    API_CHECK_RESPONSES: 'false',
    JWT_SIGNING_KEYS: `bench:${randomBytes(24).toString('hex')}`,
    CLICKHOUSE_PATH: mkdtempSync(join(tmpdir(), 'sa-bench-chdb-')),
    KAFKA_TOPIC_PREFIX: `bench-${id}.`,
    PROCESSOR_GROUP_ID: `bench-${id}.channel-content`,
    BILLING_GROUP_ID: `bench-${id}.subscription-state`,
  };
}
