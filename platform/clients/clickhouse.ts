import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { mkdirSync } from 'node:fs';
import type { Config } from '../config';
import { AppError } from '../errors';
import { networkFailure } from '../network-failure';
import type { Metrics } from '../metrics';
import { instrumentClickHouse } from './clickhouse-telemetry';
import { Gate } from './gate';

/** Reads that may wait for the embedded engine; past that, readers hear it is busy at once. */
const MAX_WAITING_READS = 256;

/**
 * Queries in flight at once: as set, else 10 connections to a server, or one at a time embedded.
 * Readers that batch (`ChannelMetricsReader`) batch beyond this: one embedded query answering
 * the questions that waited beats two queries at once (docs/benchmarks.md).
 */
export function clickhouseConcurrency(config: Config['clickhouse']): number {
  return config.maxConcurrentQueries ?? (config.url ? 10 : 1);
}

type Connection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;

export type { ClickHouseClient };

/**
 * The one place that knows where ClickHouse is: a server over HTTP when CLICKHOUSE_URL is set,
 * otherwise the embedded engine (chdb) in this process, with its data under CLICKHOUSE_PATH.
 * Everything else talks to the returned client and never asks which. Queries in flight are
 * bounded either way: by the HTTP connection pool, or by a gate in front of the embedded engine.
 * Every call is timed in `metrics` when given, and a span inside a traced operation
 * (clickhouse-telemetry.ts).
 */
export function createClickHouse(config: Config['clickhouse'], metrics?: Metrics): ClickHouseClient {
  if (config.url) {
    return instrumentClickHouse(
      createClient({
        url: config.url,
        username: config.user,
        password: config.password,
        max_open_connections: clickhouseConcurrency(config),
      }),
      metrics?.clickhouseSeconds,
    );
  }
  mkdirSync(config.path, { recursive: true });
  // chdb types its connection against @clickhouse/client-common, which @clickhouse/client 1.23 now
  // bundles as its own copy: the two interfaces are the same at run time but nominally distinct.
  const connection = createChdbConnection({ path: config.path }) as unknown as Connection;
  const client = createClient({
    connection: gated(
      connection,
      new Gate(clickhouseConcurrency(config), {
        maxWaiting: MAX_WAITING_READS,
        whenFull: () =>
          new AppError('CLICKHOUSE_UNAVAILABLE', `ClickHouse is busy: ${MAX_WAITING_READS} reads wait`),
      }),
    ),
  });
  return instrumentClickHouse(client, metrics?.clickhouseSeconds);
}

/**
 * The connection with every statement through the gate. A query's rows are in memory when it
 * resolves, so holding a result holds no turn; an insert reads its values inside its turn, so its
 * values must not stream from another query on this client. Pings skip the gate: readiness
 * answers how the engine is, not how long the queue is.
 */
function gated(connection: Connection, gate: Gate): Connection {
  return {
    ping: (params) => connection.ping(params),
    query: (params) => gate.run(() => connection.query(params)),
    // Writes wait their turn whatever the queue: a burst of reads must not fail the processors' inserts.
    insert: (params) => gate.run(() => connection.insert(params), false),
    command: (params) => gate.run(() => connection.command(params), false),
    exec: (params) => gate.run(() => connection.exec(params), false),
    close: () => connection.close(),
  };
}

/**
 * A time as ClickHouse reads it unambiguously, for inserted rows and for query parameters:
 * `YYYY-MM-DD hh:mm:ss.sss` in UTC. (A number is ambiguous: ClickHouse refuses a small epoch such
 * as 0 or 1 as a DateTime64 parameter.)
 */
export function clickhouseTime(time: Date | number): string {
  return new Date(time).toISOString().replace('T', ' ').replace('Z', '');
}

/** A time to the second, as a `DateTime` column or parameter reads it (the fraction dropped). */
export function clickhouseSeconds(time: Date | number): string {
  return clickhouseTime(time).slice(0, 19);
}

/** What `queryRows` takes: a query as the client takes it, without the format (always JSONEachRow). */
export type RowsQuery = Omit<Parameters<ClickHouseClient['query']>[0], 'format'>;

/** How long a read may run in ClickHouse before it fails as TIMEOUT (the API's reads are small). */
const READ_TIMEOUT_SECONDS = 10;

/**
 * The rows of a query, read as one text and parsed here. The client's streaming JSONEachRow
 * parser cost about 3 ms of the event loop for 168 rows, a third of the whole query on embedded
 * chdb (docs/benchmarks.md); small answers need no streaming. A read runs at most
 * READ_TIMEOUT_SECONDS unless the query sets `max_execution_time` itself. Failures retrying may
 * fix carry codes: TIMEOUT, CLICKHOUSE_UNAVAILABLE (unreachable, or too busy). Anything else (a
 * query ClickHouse refuses, a parameter the client cannot send) stays its error: a defect here
 * (500, its text never shown).
 */
export async function queryRows<T>(client: ClickHouseClient, query: RowsQuery): Promise<T[]> {
  let text: string;
  try {
    const result = await client.query({
      ...query,
      format: 'JSONEachRow',
      clickhouse_settings: { max_execution_time: READ_TIMEOUT_SECONDS, ...query.clickhouse_settings },
    });
    text = await result.text();
  } catch (error) {
    throw readFailure(error);
  }
  return text === ''
    ? []
    : text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as T);
}

/** ClickHouse's own name for a server that takes no more queries now. */
const BUSY = 'TOO_MANY_SIMULTANEOUS_QUERIES';
/** Codes for what retrying may fix; anything else stays as it is, a defect to see (500). */
function readFailure(error: unknown): unknown {
  if (error instanceof AppError || typeof error !== 'object' || error === null) return error;
  // The client's ClickHouseError, by shape: chdb throws the same class from its own copy of the package.
  const { type, message } = error as { type?: unknown; message?: unknown };
  if (type === 'TIMEOUT_EXCEEDED' || (typeof message === 'string' && message.startsWith('Timeout error'))) {
    return new AppError('TIMEOUT', 'ClickHouse took too long to answer', { cause: error });
  }
  if (type === BUSY) return new AppError('CLICKHOUSE_UNAVAILABLE', 'ClickHouse is busy', { cause: error });
  if (networkFailure(error) !== undefined) {
    return new AppError('CLICKHOUSE_UNAVAILABLE', 'ClickHouse could not be reached', { cause: error });
  }
  return error;
}
