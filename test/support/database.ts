import { Pool } from 'pg';
import { uniqueName } from './isolation';

const ADMIN_URL = 'postgres://social:social@127.0.0.1:15432/postgres';

/**
 * A PostgreSQL database of the test's own (`test_<random>`), for tests whose subject reads whole
 * tables (the pollers poll every tracked channel): other tests' rows cannot leak in. The product
 * applies its migrations at start, as on a fresh install.
 */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = uniqueName('test_');
  const admin = new Pool({ connectionString: ADMIN_URL, max: 1 });
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: ADMIN_URL.replace(/\/postgres$/, `/${name}`),
    drop: async () => {
      const pool = new Pool({ connectionString: ADMIN_URL, max: 1 });
      try {
        await pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await pool.end();
      }
    },
  };
}
