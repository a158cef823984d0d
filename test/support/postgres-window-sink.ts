import { Pool } from 'pg';
import type { ExternalSink, Windowed } from '../../topologies/engine';

/** The engine tests' own PostgreSQL, in the test database the product's tests use. */
export const TEST_DATABASE_URL = 'postgres://social:social@127.0.0.1:15432/social_analytics_test';

/** A table of window counts that keeps, per window, the row with the highest version. */
export async function createWindowTable(table: string): Promise<void> {
  const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  try {
    await pool.query(
      `CREATE TABLE ${table} (key text, window_start bigint, count bigint NOT NULL, version numeric NOT NULL,
        PRIMARY KEY (key, window_start))`,
    );
  } finally {
    await pool.end();
  }
}

/** `key@windowStart` → count, as the table holds it now. */
export async function readWindowTable(table: string): Promise<Map<string, number>> {
  const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  try {
    const { rows } = await pool.query<{ key: string; window_start: string; count: string }>(
      `SELECT key, window_start, count FROM ${table}`,
    );
    return new Map(rows.map((r) => [`${r.key}@${r.window_start}`, Number(r.count)]));
  } finally {
    await pool.end();
  }
}

/**
 * Upserts window counts, keeping the higher version, as ClickHouse's ReplacingMergeTree does: a
 * replay writes rows again and never goes back to an older count.
 */
export function postgresWindowSink(
  table: string,
): ExternalSink<Windowed<string>, number> & { close(): Promise<void> } {
  const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 2 });
  return {
    write: async (records) => {
      const latest = new Map<string, (typeof records)[number]>();
      for (const r of records) latest.set(`${r.key.key}@${r.key.window.start}`, r);
      const rows = [...latest.values()];
      await pool
        .query(
          `INSERT INTO ${table} (key, window_start, count, version)
           SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::numeric[])
           ON CONFLICT (key, window_start) DO UPDATE SET count = excluded.count, version = excluded.version
           WHERE ${table}.version <= excluded.version`,
          [
            rows.map((r) => r.key.key),
            rows.map((r) => String(r.key.window.start)),
            rows.map((r) => String(r.value)),
            rows.map((r) => r.version.toString()),
          ],
        )
        .catch((error: unknown) => {
          throw Object.assign(new Error(`window table write failed: ${(error as Error).message}`), {
            code: 'POSTGRES_WRITE_FAILED',
            retriable: true,
            cause: error,
          });
        });
    },
    close: () => pool.end(),
  };
}
