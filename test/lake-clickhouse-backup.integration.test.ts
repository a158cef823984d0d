import { type ClickHouseClient, createClickHouse, queryRows } from '../platform/clients/clickhouse';
import { createS3 } from '../platform/clients/s3';
import { ensureBucket } from '../connectors/lake/ensure-bucket';
import { backupClickHouse, restoreClickHouse } from '../connectors/lake/clickhouse-backup';
import { isolatedConfig } from './support/isolation';

const config = isolatedConfig();
/** The client's request timeout, scaled down from @clickhouse/client's 30 s. */
const REQUEST_TIMEOUT_MS = 1000;
/** About 4 MB of parts at 1 MB/s: a backup of about 3 s, three request timeouts. */
const ROWS = 1_000_000;
const BACKUP_BYTES_PER_SECOND = 1_000_000;

/**
 * The client as it is against a server, scaled down: a request unanswered after
 * REQUEST_TIMEOUT_MS fails (as @clickhouse/client's does after 30 s), and every backup is
 * throttled (max_backup_bandwidth) so that it outlasts one request.
 */
function impatient(client: ClickHouseClient): ClickHouseClient {
  return new Proxy(client, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      if (name !== 'query' && name !== 'command' && name !== 'exec') return value.bind(target);
      return (params: { clickhouse_settings?: Record<string, unknown> }) => {
        const call = (value as (p: unknown) => Promise<unknown>).call(target, {
          ...params,
          clickhouse_settings: {
            ...params.clickhouse_settings,
            max_backup_bandwidth: BACKUP_BYTES_PER_SECOND,
          },
        });
        call.catch(() => undefined);
        return Promise.race([
          call,
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error('Timeout error.')), REQUEST_TIMEOUT_MS).unref(),
          ),
        ]);
      };
    },
  });
}

describe('ClickHouse backup longer than a request', () => {
  const clickhouse = createClickHouse(config.clickhouse);
  const s3 = createS3(config.s3);
  const db = config.clickhouse.database;
  const restored = `${db}_restored`;

  beforeAll(async () => {
    await ensureBucket(s3, config.s3.bucket);
    await clickhouse.command({ query: `CREATE DATABASE ${db}` });
    await clickhouse.command({ query: `CREATE TABLE ${db}.t (x UInt64) ENGINE = MergeTree ORDER BY x` });
    await clickhouse.command({ query: `INSERT INTO ${db}.t SELECT number FROM numbers(${ROWS})` });
  });
  afterAll(async () => {
    await clickhouse.command({ query: `DROP DATABASE IF EXISTS ${restored} SYNC` });
    s3.destroy();
    await clickhouse.close();
  });

  it('waits for the server to finish a backup that outlasts the request timeout, then restores it', async () => {
    const target = { clickhouse: impatient(clickhouse), database: db, s3: config.s3 };
    const started = Date.now();
    const key = await backupClickHouse(target, new Date(), { pollMs: 100 });
    expect(Date.now() - started).toBeGreaterThan(2 * REQUEST_TIMEOUT_MS);
    const backups = await queryRows<{ status: string }>(clickhouse, {
      query: "SELECT status FROM system.backups WHERE name LIKE '%' || {key:String} || '%'",
      query_params: { key },
    });
    expect(backups).toEqual([{ status: 'BACKUP_CREATED' }]);

    await restoreClickHouse(target, key, restored, { pollMs: 100 });
    const [count] = await queryRows<{ n: string }>(clickhouse, {
      query: `SELECT toString(count()) AS n FROM ${restored}.t`,
    });
    expect(count?.n).toBe(String(ROWS));

    // Over tables that exist the server refuses; the caller hears why, not a timeout.
    await expect(restoreClickHouse(target, key, restored, { pollMs: 100 })).rejects.toMatchObject({
      code: 'BACKUP_FAILED',
      message: expect.stringMatching(/^RESTORE_FAILED .*already contains some data/),
    });
  });
});
