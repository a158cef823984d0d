import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');

/** The generated types of the API client: api/client/schema.ts, written by `npm run api:client`. */
export const CLIENT_TYPES = join(ROOT, 'api', 'client', 'schema.ts');

const HEADER = `/**
 * The API's types, generated from its OpenAPI document by openapi-typescript: do not edit. After a
 * change to a route's contract, \`npm run api:client\` writes this file again (the integration
 * suite fails while it is out of date).
 */
`;

/**
 * The TypeScript types of an OpenAPI document, formatted as the repository formats code. Through
 * the commands of openapi-typescript and prettier: their Node APIs load ES modules, which Jest's
 * CommonJS cannot.
 */
export async function clientTypes(document: object): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sa-client-'));
  const [source, types] = [join(dir, 'openapi.json'), join(dir, 'schema.ts')];
  writeFileSync(source, JSON.stringify(document));
  const run = (script: string, args: string[]) =>
    promisify(execFile)(process.execPath, [join(ROOT, 'node_modules', script), ...args]);
  await run('openapi-typescript/bin/cli.js', [source, '-o', types]);
  writeFileSync(types, HEADER + readFileSync(types, 'utf8'));
  await run('prettier/bin/prettier.cjs', ['--config', join(ROOT, '.prettierrc.json'), '--write', types]);
  return readFileSync(types, 'utf8');
}
