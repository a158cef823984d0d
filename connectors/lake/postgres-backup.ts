import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { AppError } from '../../platform/errors';

/** Where backups go, and the database they are of. */
export interface PostgresBackupTarget {
  readonly s3: S3Client;
  readonly bucket: string;
  /** A postgres:// URL; its password reaches pg_dump through a private passfile, never its arguments. */
  readonly databaseUrl: string;
}

/**
 * Dumps the database with `pg_dump --format=custom` (compressed, restorable table by table) to
 * `backup/postgres/<database>/<UTC time>.dump` in the lake, and answers the object's key. A logical
 * dump on a schedule, not WAL archiving: the product's PostgreSQL data is small (accounts, plans,
 * tracked channels) and a dump restores into any PostgreSQL of the same or a newer major version.
 */
export async function backupPostgres(target: PostgresBackupTarget, now = new Date()): Promise<string> {
  const key = `${backupPrefix(databaseName(target.databaseUrl))}${now.toISOString().replace(/[:.]/g, '-')}.dump`;
  await withTempDir(async (dir) => {
    const file = join(dir, 'postgres.dump');
    const args = ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`];
    await run('pg_dump', args, target.databaseUrl, dir);
    const { size } = await stat(file);
    await target.s3.send(
      new PutObjectCommand({
        Bucket: target.bucket,
        Key: key,
        Body: createReadStream(file),
        ContentLength: size,
      }),
    );
  });
  return key;
}

/**
 * Restores a dump (`key`, or the newest of this database when omitted) into the database:
 * objects the dump holds are dropped and created again, in one transaction, so a failed restore
 * leaves the database as it was. Answers the key restored.
 */
export async function restorePostgres(target: PostgresBackupTarget, key?: string): Promise<string> {
  const chosen = key ?? (await latestPostgresBackup(target));
  await withTempDir(async (dir) => {
    const file = join(dir, 'postgres.dump');
    const object = await target.s3.send(new GetObjectCommand({ Bucket: target.bucket, Key: chosen }));
    await pipeline(object.Body as Readable, createWriteStream(file));
    const args = [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--no-privileges',
      '--single-transaction',
      '--exit-on-error',
    ];
    await run('pg_restore', [...args, file], target.databaseUrl, dir);
  });
  return chosen;
}

/** The newest dump of the target's database; NOT_FOUND when there is none. */
export async function latestPostgresBackup(target: PostgresBackupTarget): Promise<string> {
  const prefix = backupPrefix(databaseName(target.databaseUrl));
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await target.s3.send(
      new ListObjectsV2Command({ Bucket: target.bucket, Prefix: prefix, ContinuationToken: token }),
    );
    keys.push(...(page.Contents ?? []).map((object) => object.Key ?? ''));
    token = page.NextContinuationToken;
  } while (token);
  const latest = keys
    .filter((k) => k.endsWith('.dump'))
    .sort()
    .at(-1);
  if (!latest) throw new AppError('NOT_FOUND', `no PostgreSQL backup under ${prefix}`);
  return latest;
}

function backupPrefix(database: string): string {
  return `backup/postgres/${database}/`;
}

/** The database's name in a postgres:// URL. */
function databaseName(databaseUrl: string): string {
  return new URL(databaseUrl).pathname.replace(/^\//, '');
}

/**
 * Runs a PostgreSQL client tool against the database; its stderr becomes the error's message. The
 * password goes through a private passfile named in the connection URL (libpq's `passfile`), so it
 * is never in the tool's arguments, where `ps` would show it.
 */
async function run(command: string, args: string[], databaseUrl: string, dir: string): Promise<void> {
  const url = new URL(databaseUrl);
  const passfile = join(dir, 'pgpass');
  const escape = (text: string) => text.replace(/([\\:])/g, '\\$1');
  const fields = [
    url.hostname,
    url.port || '5432',
    '*',
    decodeURIComponent(url.username),
    decodeURIComponent(url.password),
  ];
  await writeFile(passfile, `${fields.map(escape).join(':')}\n`, { mode: 0o600 });
  url.password = '';
  url.searchParams.set('passfile', passfile);
  const child = spawn(command, [...args, `--dbname=${url.toString()}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  }).catch((error: unknown) => {
    throw new AppError('STORAGE_UNAVAILABLE', `${command} could not start: ${String(error)}`, {
      cause: error,
    });
  });
  if (code !== 0)
    throw new AppError('STORAGE_UNAVAILABLE', `${command} failed (exit ${code}): ${stderr.trim()}`);
}

/** A private directory for the dump and the passfile, removed afterwards. */
async function withTempDir(work: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sa-backup-'));
  try {
    await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
