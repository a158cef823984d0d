import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClickHouseClient } from '../../platform/clients/clickhouse';

const DDL_DIR = __dirname;

/**
 * Creates the database and applies every DDL file in order. Statements are idempotent
 * (IF NOT EXISTS), so running this at every start is safe. The database name is an identifier
 * validated by the config schema; data values always travel as query parameters.
 */
export async function migrateClickHouse(client: ClickHouseClient, database: string): Promise<void> {
  await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
  for (const statement of ddlStatements(database)) {
    await client.command({ query: statement });
  }
}

export function ddlStatements(database: string): string[] {
  return readdirSync(DDL_DIR)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .flatMap((file) => readFileSync(join(DDL_DIR, file), 'utf8').split(/;\s*$/m))
    .map((statement) => statement.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean)
    .map((statement) => statement.replaceAll('{database}', database));
}
