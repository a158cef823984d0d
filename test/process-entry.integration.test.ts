import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { migratePostgres } from '../schemas/postgres/migrate';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from './support/eventually';
import { uniqueName } from './support/isolation';

const ROOT = join(__dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

interface Started {
  child: ChildProcessWithoutNullStreams;
  /** stdout: the JSON log stream. */
  lines: string[];
  stderr: string[];
  exit: Promise<number | null>;
}

function startProcess(env: Record<string, string>): Started {
  const child = spawn(TSX, ['app/main.ts'], {
    cwd: ROOT,
    // Test, like the local stack's scripts: production (the default) refuses its published credentials.
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
  });
  const lines: string[] = [];
  const stderr: string[] = [];
  const collect = (into: string[]) => (chunk: Buffer) =>
    into.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout.on('data', collect(lines));
  child.stderr.on('data', collect(stderr));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, lines, stderr, exit };
}

const TEST_DATABASE = 'postgres://social:social@127.0.0.1:15432/social_analytics_test';

/** The process with topics, group and ClickHouse database of its own, on a random port. */
function startIsolated(env: Record<string, string>): Started & { port: string; opsPort: string } {
  const id = uniqueName('');
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const opsPort = String(Number(port) + 1);
  const started = startProcess({
    HTTP_PORT: port,
    OPS_PORT: opsPort,
    KAFKA_TOPIC_PREFIX: `test-${id}.`,
    PROCESSOR_GROUP_ID: `test-${id}`,
    CLICKHOUSE_PATH: mkdtempSync(join(tmpdir(), 'sa-chdb-')),
    CLICKHOUSE_DATABASE: `test_${id}`,
    DATABASE_URL: TEST_DATABASE,
    ...env,
  });
  return { ...started, port, opsPort };
}

/** The process entry as an operator runs it: JSON logs, roles, readiness, graceful stop. */
describe('process entry (app/main.ts)', () => {
  const running: Started[] = [];
  afterEach(() => {
    for (const started of running.splice(0)) started.child.kill('SIGKILL');
  });
  it('starts the chosen roles, logs JSON, and stops cleanly on SIGTERM', async () => {
    const started = startIsolated({ ROLES: 'api,processors' });
    const { port, opsPort } = started;
    running.push(started);
    const ready = await eventually(
      async () => {
        const response = await fetch(`http://127.0.0.1:${opsPort}/readyz`);
        return { status: response.status, body: (await response.json()) as unknown };
      },
      (r) => r.status === 200,
      60_000,
      500,
    );
    expect(ready.status).toBe(200);
    // The api role is on, the connectors role is off: no webhook route.
    const webhook = await fetch(`http://127.0.0.1:${port}/api/social/telegram/webhook`, {
      method: 'POST',
      body: '{}',
    });
    expect(webhook.status).toBe(404);

    started.child.kill('SIGTERM');
    expect(await started.exit).toBe(0);
    const logs = started.lines.map((line) => JSON.parse(line) as { msg?: string; roles?: string[] });
    expect(logs.find((l) => l.msg === 'social-analytics is running')?.roles).toEqual(['api', 'processors']);
    expect(logs.at(-1)?.msg).toBe('stopped');
  });

  it('stops at once while a poller waits on a source that does not answer', async () => {
    // A Bot API that takes calls and never answers: the member-count round hangs on it.
    const calls: string[] = [];
    const silent = createServer((req) => void calls.push(req.url ?? ''));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const postgres = new Pool({ connectionString: TEST_DATABASE });
    try {
      // One tracked chat makes a round call (migrated first: this suite may be the first to run).
      await migratePostgres(postgres);
      await postgres.query(
        `WITH o AS (INSERT INTO organizations (name) VALUES ('process entry') RETURNING id)
         INSERT INTO tracked_channels (organization_id, source, channel_id) SELECT id, 'telegram', '-100424242' FROM o`,
      );
      const started = startIsolated({
        ROLES: 'connectors',
        TELEGRAM_API_ROOT: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
      });
      running.push(started);
      await eventually(
        async () => calls.length,
        (count) => count > 0,
        60_000,
        200,
      );
      started.child.kill('SIGTERM');
      // Without the stop closing the pollers' clients, the round waits for its 30 s timeout and
      // the process exits 1 at the 15 s deadline.
      expect(await started.exit).toBe(0);
      expect(calls[0]).toMatch(/getChatMembersCount/);
      // The call the stop cut short is not reported as a failed read.
      const messages = started.lines.map((line) => (JSON.parse(line) as { msg?: string }).msg);
      expect(messages).not.toContain('member count not read');
      expect(messages.at(-1)).toBe('stopped');
    } finally {
      await postgres.end();
      silent.closeAllConnections();
      silent.close();
    }
  }, 30_000);

  it('refuses to start on invalid configuration, naming the variable', async () => {
    const started = startProcess({ ROLES: 'api,web' });
    running.push(started);
    expect(await started.exit).toBe(1);
    const fatal = JSON.parse(started.stderr.at(-1) ?? '{}') as {
      level?: string;
      code?: string;
      msg?: string;
    };
    expect(fatal).toMatchObject({ level: 'fatal', code: 'CONFIG_INVALID' });
    expect(fatal.msg).toMatch(/ROLES/);
  });
});
