import type { ClickHouseClient } from '../../platform/clients/clickhouse';
import type { Metrics } from '../../platform/metrics';

/** Where the sinks write: a client, its database and the metrics that count rows per table. */
export interface SinkTarget {
  readonly client: ClickHouseClient;
  readonly database: string;
  readonly metrics: Metrics;
}

/** Inserts rows (one JSONEachRow insert) and counts them; nothing is sent for no rows. */
export async function insertRows(target: SinkTarget, table: string, values: object[]): Promise<void> {
  if (values.length === 0) return;
  await target.client.insert({ table: `${target.database}.${table}`, format: 'JSONEachRow', values });
  target.metrics.sinkRows.inc({ table }, values.length);
}
