import type { S3Client } from '@aws-sdk/client-s3';
import type { Redis } from 'ioredis';
import type { Pool, PoolClient } from 'pg';
import type { Histogram, LabelValues } from 'prom-client';
import type { Metrics } from '../metrics';

type Seconds = Metrics['storageCallSeconds'];

/**
 * Observes `result` (when it is a promise) in `seconds` under `labels`, with its outcome (ok,
 * error). The caller keeps the promise: this only watches it. Used for every store's calls,
 * ClickHouse's included (clickhouse-telemetry.ts).
 */
export function observe<T extends string>(
  seconds: Histogram<T>,
  labels: LabelValues<T>,
  result: unknown,
): void {
  if (typeof (result as PromiseLike<unknown> | undefined)?.then !== 'function') return;
  const end = seconds.startTimer(labels);
  (result as PromiseLike<unknown>).then(
    () => end({ outcome: 'ok' } as LabelValues<T>),
    () => end({ outcome: 'error' } as LabelValues<T>),
  );
}

/** A statement's kind, its first keyword (SELECT, INSERT, WITH, BEGIN...): a bounded label. */
function statementKind(query: unknown): string {
  const text = typeof query === 'string' ? query : (query as { text?: unknown } | null)?.text;
  const keyword = typeof text === 'string' ? /^\s*([A-Za-z]+)/.exec(text)?.[1] : undefined;
  return keyword?.toUpperCase() ?? 'other';
}

type Callback = (error: unknown, ...rest: unknown[]) => void;

/**
 * Times every query of every connection the pool opens (pool.query, which calls back, and
 * transactions alike), by statement kind. A cursor (a submittable) is not timed.
 */
export function timePostgres(pool: Pool, seconds: Seconds): Pool {
  pool.on('connect', (client: PoolClient) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    Object.assign(client, {
      query: (...args: unknown[]) => {
        const operation = statementKind(args[0]);
        const callback = args.at(-1);
        if (typeof callback !== 'function') {
          const result = query(...args);
          observe(seconds, { store: 'postgresql', operation }, result);
          return result;
        }
        const end = seconds.startTimer({ store: 'postgresql', operation });
        const timed: Callback = (error, ...rest) => {
          end({ outcome: error ? 'error' : 'ok' });
          (callback as Callback)(error, ...rest);
        };
        return query(...args.slice(0, -1), timed);
      },
    });
  });
  return pool;
}

/** Times every Redis command by its name, under `store` (redis, or redis-cache for the cache's). */
export function timeRedis(redis: Redis, seconds: Seconds, store: string): Redis {
  const sendCommand = redis.sendCommand.bind(redis);
  Object.assign(redis, {
    sendCommand: (...args: Parameters<Redis['sendCommand']>) => {
      const [command] = args;
      observe(seconds, { store, operation: command.name }, command.promise);
      return sendCommand(...args);
    },
  });
  return redis;
}

/** Times every S3 call by its command (PutObjectCommand, HeadBucketCommand...), retries included. */
export function timeS3(s3: S3Client, seconds: Seconds): S3Client {
  s3.middlewareStack.add(
    (next, context) => (args) => {
      const result = next(args);
      observe(seconds, { store: 's3', operation: context.commandName ?? 'other' }, result);
      return result;
    },
    { step: 'initialize', name: 'socialAnalyticsCallDuration' },
  );
  return s3;
}
