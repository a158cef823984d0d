import { Pool, type PoolClient } from 'pg';
import type { Config } from '../config';
import type { Metrics } from '../metrics';
import { timePostgres } from './storage-metrics';

export type { Pool, PoolClient };

/** The process's pool; with `metrics`, every query is timed (storage-metrics.ts). */
export function createPostgres(config: Config['postgres'], metrics?: Metrics): Pool {
  const pool = new Pool({ connectionString: config.url, max: 10, connectionTimeoutMillis: 5000 });
  return metrics ? timePostgres(pool, metrics.storageCallSeconds) : pool;
}

/**
 * Runs `work` on one pooled connection inside BEGIN/COMMIT; any error rolls back and is rethrown.
 * The connection goes back to the pool either way.
 */
export async function inTransaction<T>(postgres: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await postgres.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
