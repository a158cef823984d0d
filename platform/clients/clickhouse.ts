import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { mkdirSync } from 'node:fs';
import type { Config } from '../config';

type ChdbCompatibleConnection = NonNullable<Parameters<typeof createClient>[0]>['connection'];

export type { ClickHouseClient };

/**
 * The one place that knows where ClickHouse is: a server over HTTP when CLICKHOUSE_URL is set,
 * otherwise the embedded engine (chdb) in this process, with its data under CLICKHOUSE_PATH.
 * Everything else talks to the returned client and never asks which.
 */
export function createClickHouse(config: Config['clickhouse']): ClickHouseClient {
  if (config.url) {
    return createClient({ url: config.url, username: config.user, password: config.password });
  }
  mkdirSync(config.path, { recursive: true });
  // chdb types its connection against @clickhouse/client-common, which @clickhouse/client 1.23 now
  // bundles as its own copy: the two interfaces are the same at run time but nominally distinct.
  const connection = createChdbConnection({ path: config.path }) as unknown as ChdbCompatibleConnection;
  return createClient({ connection });
}

/**
 * A time as ClickHouse reads it unambiguously, for inserted rows and for query parameters:
 * `YYYY-MM-DD hh:mm:ss.sss` in UTC. (A number is ambiguous: ClickHouse refuses a small epoch such
 * as 0 or 1 as a DateTime64 parameter.)
 */
export function clickhouseTime(time: Date | number): string {
  return new Date(time).toISOString().replace('T', ' ').replace('Z', '');
}

/** What `queryRows` takes: a query as the client takes it, without the format (always JSONEachRow). */
export type RowsQuery = Omit<Parameters<ClickHouseClient['query']>[0], 'format'>;

/**
 * The rows of a query, read as one text and parsed here. The client's streaming JSONEachRow
 * parser cost about 3 ms of the event loop for 168 rows, a third of the whole query on embedded
 * chdb (docs/benchmarks.md); small answers need no streaming.
 */
export async function queryRows<T>(client: ClickHouseClient, query: RowsQuery): Promise<T[]> {
  const result = await client.query({ ...query, format: 'JSONEachRow' });
  const text = await result.text();
  return text === ''
    ? []
    : text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as T);
}
