import { createClickHouse } from '../platform/clients/clickhouse';
import { createS3 } from '../platform/clients/s3';
import { type Config, loadConfig } from '../platform/config';
import { backupClickHouse, restoreClickHouse } from '../connectors/lake/clickhouse-backup';
import { ensureBucket } from '../connectors/lake/ensure-bucket';
import { backupPostgres, restorePostgres } from '../connectors/lake/postgres-backup';
import { exportClosedPeriods } from '../connectors/lake/scheduled-exports';

const USAGE = `usage: tsx app/lake.ts <command>
  backup postgres                  pg_dump to backup/postgres/<database>/<UTC time>.dump
  restore postgres [key]           pg_restore the newest dump, or the one named
  backup clickhouse                BACKUP DATABASE to backup/clickhouse/<database>/<UTC time>/
  restore clickhouse <key> [as]    RESTORE DATABASE from that backup (into "as", default the same name)
  export analytics [YYYY-MM-DD]    Parquet of each closed day, week and month since then (default 40 days)`;

/**
 * The lake's operator commands: backups, restores and the processed exports, run by cron or a
 * Kubernetes CronJob (docs/lake.md). ClickHouse commands need CLICKHOUSE_URL while the product runs:
 * embedded chdb locks its directory to one process.
 */
async function main(args: string[], config: Config): Promise<string> {
  const s3 = createS3(config.s3);
  const clickhouse = () => createClickHouse(config.clickhouse);
  const database = config.clickhouse.database;
  try {
    await ensureBucket(s3, config.s3.bucket, config.lake);
    const postgres = { s3, bucket: config.s3.bucket, databaseUrl: config.postgres.url };
    switch (args.slice(0, 2).join(' ')) {
      case 'backup postgres':
        return await backupPostgres(postgres);
      case 'restore postgres':
        return await restorePostgres(postgres, args[2]);
      case 'backup clickhouse':
        return await withClient(clickhouse(), (client) =>
          backupClickHouse({ clickhouse: client, database, s3: config.s3 }),
        );
      case 'restore clickhouse': {
        const [key, as] = [args[2], args[3]];
        if (!key) throw new Error(USAGE);
        await withClient(clickhouse(), (client) =>
          restoreClickHouse({ clickhouse: client, database, s3: config.s3 }, key, as),
        );
        return key;
      }
      case 'export analytics': {
        const since = args[2] ? Date.parse(`${args[2]}T00:00:00Z`) : undefined;
        if (Number.isNaN(since)) throw new Error(USAGE);
        const written = await withClient(clickhouse(), (client) =>
          exportClosedPeriods({ clickhouse: client, database, s3, s3Config: config.s3 }, Date.now(), since),
        );
        return written.join('\n');
      }
      default:
        throw new Error(USAGE);
    }
  } finally {
    s3.destroy();
  }
}

async function withClient<T>(
  client: ReturnType<typeof createClickHouse>,
  work: (c: typeof client) => Promise<T>,
): Promise<T> {
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

main(process.argv.slice(2), loadConfig()).then(
  (output) => process.stdout.write(output ? `${output}\n` : ''),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
