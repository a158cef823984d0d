import { Pool } from 'pg';
import type { Config } from '../config';

export type { Pool };

export function createPostgres(config: Config['postgres']): Pool {
  return new Pool({ connectionString: config.url, max: 10, connectionTimeoutMillis: 5000 });
}
