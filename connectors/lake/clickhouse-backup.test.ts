import type { ClickHouseClient } from '../../platform/clients/clickhouse';
import { awaitBackup } from './clickhouse-backup';

/** A client whose `system.backups` answers each poll with the next of `statuses` (then the last). */
function fakeClient(statuses: readonly ({ status: string; error?: string } | undefined)[]) {
  const asked: unknown[] = [];
  const client = {
    query: (params: { query_params?: unknown }) => {
      asked.push(params.query_params);
      const row = statuses[Math.min(asked.length - 1, statuses.length - 1)];
      const text = row ? `${JSON.stringify({ error: '', ...row })}\n` : '';
      return Promise.resolve({ text: () => Promise.resolve(text) });
    },
  } as unknown as ClickHouseClient;
  return { client, asked };
}

describe('awaitBackup', () => {
  it('polls the id until the backup is created', async () => {
    const { client, asked } = fakeClient([
      { status: 'CREATING_BACKUP' },
      { status: 'CREATING_BACKUP' },
      { status: 'BACKUP_CREATED' },
    ]);
    await awaitBackup(client, 'b-1', { pollMs: 1 });
    expect(asked).toEqual([{ id: 'b-1' }, { id: 'b-1' }, { id: 'b-1' }]);
  });

  it('resolves on RESTORED', async () => {
    const { client } = fakeClient([{ status: 'RESTORING' }, { status: 'RESTORED' }]);
    await expect(awaitBackup(client, 'r-1', { pollMs: 1 })).resolves.toBeUndefined();
  });

  it("rejects a failed or cancelled one with ClickHouse's error, without its stack trace", async () => {
    const error = 'Code: 499. DB::Exception: Access Denied. (S3_ERROR), Stack trace (when copying):\n0. ?';
    const { client } = fakeClient([{ status: 'CREATING_BACKUP' }, { status: 'BACKUP_FAILED', error }]);
    await expect(awaitBackup(client, 'b-2', { pollMs: 1 })).rejects.toMatchObject({
      code: 'BACKUP_FAILED',
      message: 'BACKUP_FAILED (b-2): Code: 499. DB::Exception: Access Denied. (S3_ERROR)',
      details: { id: 'b-2', status: 'BACKUP_FAILED' },
    });
    const cancelled = fakeClient([{ status: 'RESTORE_CANCELLED' }]);
    await expect(awaitBackup(cancelled.client, 'r-2', { pollMs: 1 })).rejects.toMatchObject({
      code: 'BACKUP_FAILED',
    });
  });

  it('rejects when the server no longer knows the id', async () => {
    const { client } = fakeClient([{ status: 'CREATING_BACKUP' }, undefined]);
    await expect(awaitBackup(client, 'b-3', { pollMs: 1 })).rejects.toMatchObject({
      code: 'BACKUP_FAILED',
      message: expect.stringMatching(/no backup or restore b-3/),
    });
  });

  it('gives up with TIMEOUT at the deadline, saying the server goes on', async () => {
    const { client, asked } = fakeClient([{ status: 'CREATING_BACKUP' }]);
    await expect(awaitBackup(client, 'b-4', { pollMs: 5, timeoutMs: 30 })).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringMatching(/still CREATING_BACKUP .* server goes on/),
    });
    expect(asked.length).toBeGreaterThan(1);
  });
});
