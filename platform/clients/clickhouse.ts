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
