import { AppError } from '../../platform/errors';
import type { ClickHouseClient } from '../../platform/clients/clickhouse';
import type { Config } from '../../platform/config';
import { S3_ARGUMENTS, clickhouseS3Params } from './clickhouse-s3';

/** Where a ClickHouse backup goes, and of which database. */
export interface ClickHouseBackupTarget {
  readonly clickhouse: ClickHouseClient;
  readonly database: string;
  readonly s3: Config['s3'];
}

/**
 * `BACKUP DATABASE … TO S3(…)` into `backup/clickhouse/<database>/<UTC time>/`: ClickHouse writes
 * its own backup format (metadata and data parts), which embedded chdb supports as a server does.
 * Answers the backup's key prefix. The tables can be rebuilt from Kafka and the lake's raw archive
 * too, but a backup restores in seconds what a replay recomputes in hours.
 */
export async function backupClickHouse(target: ClickHouseBackupTarget, now = new Date()): Promise<string> {
  const key = `backup/clickhouse/${target.database}/${now.toISOString().replace(/[:.]/g, '-')}`;
  await target.clickhouse.command({
    query: `BACKUP DATABASE ${target.database} TO S3(${S3_ARGUMENTS})`,
    query_params: clickhouseS3Params(target.s3, key),
  });
  return key;
}

/**
 * `RESTORE DATABASE … FROM S3(…)` of a backup's key, into `as` (default: the database backed
 * up). ClickHouse refuses to restore over tables that exist: drop the database first, or restore
 * beside it under another name and swap.
 */
export async function restoreClickHouse(
  target: ClickHouseBackupTarget,
  key: string,
  as = target.database,
): Promise<void> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(as)) {
    throw new AppError('VALIDATION_FAILED', `not a database name: ${JSON.stringify(as)}`);
  }
  await target.clickhouse.command({
    query: `RESTORE DATABASE ${target.database} AS ${as} FROM S3(${S3_ARGUMENTS})`,
    query_params: clickhouseS3Params(target.s3, key),
  });
}
