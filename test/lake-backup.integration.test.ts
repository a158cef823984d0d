import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Pool } from 'pg';
import { backupPostgres, latestPostgresBackup, restorePostgres } from '../connectors/lake/postgres-backup';
import { ensureBucket } from '../connectors/lake/ensure-bucket';
import { createS3 } from '../platform/clients/s3';
import { migratePostgres } from '../schemas/postgres/migrate';
import { createTestDatabase } from './support/database';
import { isolatedConfig } from './support/isolation';

const config = isolatedConfig();
const ADMIN_URL = 'postgres://social:social@127.0.0.1:15432/postgres';

/** Each public table's row count and a digest of its rows: equal digests, equal contents. */
async function fingerprint(url: string): Promise<Record<string, string>> {
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    const tables = await pool.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    const result: Record<string, string> = {};
    for (const { name } of tables.rows) {
      const { rows } = await pool.query<{ n: string; digest: string | null }>(
        `SELECT count(*) AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM "${name}" t`,
      );
      result[name] = `${rows[0]?.n}:${rows[0]?.digest}`;
    }
    return result;
  } finally {
    await pool.end();
  }
}

async function admin(sql: string): Promise<void> {
  const pool = new Pool({ connectionString: ADMIN_URL, max: 1 });
  try {
    await pool.query(sql);
  } finally {
    await pool.end();
  }
}

describe('PostgreSQL backup into the lake', () => {
  const s3 = createS3(config.s3);
  afterAll(() => s3.destroy());

  it('dumps to backup/postgres/, and a restore into the dropped and re-created database gives the same rows', async () => {
    await ensureBucket(s3, config.s3.bucket);
    const database = await createTestDatabase();
    const name = new URL(database.url).pathname.slice(1);
    try {
      const pool = new Pool({ connectionString: database.url, max: 1 });
      try {
        await migratePostgres(pool);
        for (let i = 0; i < 25; i += 1) {
          await pool.query('INSERT INTO organizations (name) VALUES ($1)', [
            `Backup test ${i}: ünïcode, 'quotes', \\ and |`,
          ]);
        }
      } finally {
        await pool.end();
      }
      const before = await fingerprint(database.url);
      expect(before.organizations).toMatch(/^25:/);

      const target = { s3, bucket: config.s3.bucket, databaseUrl: database.url };
      const key = await backupPostgres(target, new Date(Date.UTC(2026, 11, 6, 3, 0, 0)));
      expect(key).toBe(`backup/postgres/${name}/2026-12-06T03-00-00-000Z.dump`);
      await backupPostgres(target, new Date(Date.UTC(2026, 11, 5, 3, 0, 0)));
      expect(await latestPostgresBackup(target)).toBe(key);

      await admin(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin(`CREATE DATABASE ${name}`);
      expect(await fingerprint(database.url)).toEqual({});

      expect(await restorePostgres(target)).toBe(key);
      expect(await fingerprint(database.url)).toEqual(before);
      // Restoring again over the restored database changes nothing (--clean drops what it recreates).
      await restorePostgres(target, key);
      expect(await fingerprint(database.url)).toEqual(before);
    } finally {
      await database.drop();
    }
  });

  it("refuses a dump that is missing or is not a dump, with the tool's reason", async () => {
    const target = { s3, bucket: config.s3.bucket, databaseUrl: config.postgres.url };
    await expect(restorePostgres(target, 'backup/postgres/nothing/here.dump')).rejects.toThrow();
    const key = 'backup/postgres/garbage/not-a.dump';
    await s3.send(new PutObjectCommand({ Bucket: config.s3.bucket, Key: key, Body: 'not a dump' }));
    await expect(restorePostgres(target, key)).rejects.toMatchObject({
      code: 'STORAGE_UNAVAILABLE',
      message: expect.stringMatching(/pg_restore failed/),
    });
  });
});
