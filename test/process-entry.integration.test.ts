import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { migratePostgres } from '../schemas/postgres/migrate';
import { eventually } from './support/eventually';
import { type ProductProcess, fatalLine, startProduct } from './support/product-process';

const TEST_DATABASE = 'postgres://social:social@127.0.0.1:15432/social_analytics_test';

/**
 * The process with topics, groups and ClickHouse database of its own, on a random port; test,
 * like the local stack's scripts: production (the default) refuses its published credentials.
 */
function startIsolated(env: Record<string, string>): ProductProcess {
  return startProduct({ NODE_ENV: 'test', ...env });
}

/** The process entry as an operator runs it: JSON logs, roles, readiness, graceful stop. */
describe('process entry (app/main.ts)', () => {
  const running: ProductProcess[] = [];
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
    const logs = started.stdout.map((line) => JSON.parse(line) as { message?: string; roles?: string[] });
    expect(logs.find((l) => l.message === 'social-analytics is running')?.roles).toEqual([
      'api',
      'processors',
    ]);
    expect(logs.at(-1)?.message).toBe('stopped');
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
      const messages = started.stdout.map((line) => (JSON.parse(line) as { message?: string }).message);
      expect(messages).not.toContain('member count not read');
      expect(messages.at(-1)).toBe('stopped');
    } finally {
      await postgres.end();
      silent.closeAllConnections();
      silent.close();
    }
  }, 30_000);

  it('refuses to start on invalid configuration, naming the variable', async () => {
    const started = startIsolated({ ROLES: 'api,web' });
    running.push(started);
    expect(await started.exit).toBe(1);
    const fatal = fatalLine(started);
    expect(fatal).toMatchObject({ level: 'fatal', code: 'CONFIG_INVALID' });
    expect(fatal.msg).toMatch(/ROLES/);
  });
});
