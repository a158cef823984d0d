import { AppError } from '../../platform/errors';
import { type ClickHouseClient, queryRows } from '../../platform/clients/clickhouse';
import type { Config } from '../../platform/config';
import { S3_ARGUMENTS, clickhouseS3Params } from './clickhouse-s3';

/** Where a ClickHouse backup goes, and of which database. */
export interface ClickHouseBackupTarget {
  readonly clickhouse: ClickHouseClient;
  readonly database: string;
  readonly s3: Config['s3'];
}

/** How long to wait for the server's BACKUP or RESTORE, and how often to ask how it is going. */
export interface BackupWait {
  /** Give up (TIMEOUT) after this many ms; the server's operation goes on. Default 6 hours. */
  readonly timeoutMs?: number;
  /** Between two looks at `system.backups`. Default 1 s. */
  readonly pollMs?: number;
}

const DEFAULT_TIMEOUT_MS = 6 * 3_600_000;
const DEFAULT_POLL_MS = 1000;

/**
 * `BACKUP DATABASE … TO S3(…)` into `backup/clickhouse/<database>/<UTC time>/`: ClickHouse writes
 * its own backup format (metadata and data parts), which embedded chdb supports as a server does.
 * Answers the backup's key prefix once the server reports the backup complete. The tables can be
 * rebuilt from Kafka and the lake's raw archive too, but a backup restores in seconds what a
 * replay recomputes in hours.
 */
export async function backupClickHouse(
  target: ClickHouseBackupTarget,
  now = new Date(),
  wait: BackupWait = {},
): Promise<string> {
  const key = `backup/clickhouse/${target.database}/${now.toISOString().replace(/[:.]/g, '-')}`;
  await runToEnd(target, `BACKUP DATABASE ${target.database} TO S3(${S3_ARGUMENTS})`, key, wait);
  return key;
}

/**
 * `RESTORE DATABASE … FROM S3(…)` of a backup's key, into `as` (default: the database backed
 * up), resolved once the server reports it restored. ClickHouse refuses to restore over tables
 * that exist: drop the database first, or restore beside it under another name and swap.
 */
export async function restoreClickHouse(
  target: ClickHouseBackupTarget,
  key: string,
  as = target.database,
  wait: BackupWait = {},
): Promise<void> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(as)) {
    throw new AppError('VALIDATION_FAILED', `not a database name: ${JSON.stringify(as)}`);
  }
  await runToEnd(target, `RESTORE DATABASE ${target.database} AS ${as} FROM S3(${S3_ARGUMENTS})`, key, wait);
}

/** What `system.backups` says of one operation. */
interface BackupStatus {
  readonly status: string;
  readonly error: string;
}

/**
 * Starts the statement `ASYNC` and polls `system.backups` by its id until it ends. A synchronous
 * BACKUP holds one HTTP request open for its whole run, and the client gives up after its request
 * timeout (30 s) while the server goes on: the caller would fail a backup that succeeds, and a
 * retry would copy the database twice. Each poll is a short read instead.
 */
async function runToEnd(target: ClickHouseBackupTarget, statement: string, key: string, wait: BackupWait) {
  // Not queryRows: its max_execution_time would travel with the statement into the server's backup.
  const started = await target.clickhouse.query({
    query: `${statement} ASYNC`,
    query_params: clickhouseS3Params(target.s3, key),
    format: 'JSONEachRow',
  });
  const [operation] = await started.json<{ id: string }>();
  if (!operation) throw new AppError('INTERNAL', `ClickHouse answered no id for ${statement.split(' (')[0]}`);
  await awaitBackup(target.clickhouse, operation.id, wait);
}

/**
 * Resolves when the backup or restore `id` is BACKUP_CREATED or RESTORED; rejects with
 * BACKUP_FAILED and ClickHouse's error when it failed or was cancelled (or the server forgot it:
 * `system.backups` lives in the server's memory, so a restart loses it), and with TIMEOUT past
 * the deadline.
 */
export async function awaitBackup(
  clickhouse: ClickHouseClient,
  id: string,
  wait: BackupWait = {},
): Promise<void> {
  const deadline = Date.now() + (wait.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  for (;;) {
    const [row] = await queryRows<BackupStatus>(clickhouse, {
      query: 'SELECT status, error FROM system.backups WHERE id = {id:String}',
      query_params: { id },
    });
    if (!row) throw new AppError('BACKUP_FAILED', `ClickHouse has no backup or restore ${id} (restarted?)`);
    if (row.status === 'BACKUP_CREATED' || row.status === 'RESTORED') return;
    if (/_(FAILED|CANCELLED)$/.test(row.status)) {
      throw new AppError('BACKUP_FAILED', `${row.status} (${id}): ${firstLine(row.error)}`, {
        details: { id, status: row.status },
      });
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new AppError(
        'TIMEOUT',
        `backup or restore ${id} still ${row.status} at the deadline; the server goes on`,
        {
          details: { id, status: row.status },
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(wait.pollMs ?? DEFAULT_POLL_MS, left)));
  }
}

/** ClickHouse's message without the stack trace it appends. */
function firstLine(error: string): string {
  return error.split(/, Stack trace|\n/)[0] ?? error;
}
