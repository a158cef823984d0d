import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type ClickHouseClient, queryRows } from '../../platform/clients/clickhouse';
import type { Config } from '../../platform/config';
import type { Period } from './analytics-periods';
import { S3_ARGUMENTS, clickhouseS3Params } from './clickhouse-s3';

/** The exported tables; each query reads one period (`{start}`, `{end}`) of `{db}`. */
const TABLES = ['channel_metrics', 'channel_audience', 'group_activity'] as const;
export type ExportedTable = (typeof TABLES)[number];

const COUNTERS = ['posts', 'edits', 'reactions', 'replies', 'forwards', 'views', 'likes', 'reposts'];

/**
 * One period's rows of a table, from the day windows (ReplacingMergeTree read FINAL): a day is its
 * day row, a week or month the sum of its days. Audience keeps the last count of the period and
 * the sum of the days' changes. Group activity counts distinct members, which do not add up: a
 * day or week is the topology's own window row, a month is counted from the members' days.
 */
function exportQuery(db: string, table: ExportedTable, period: Period): string {
  const inPeriod = 'window_start >= {start:DateTime} AND window_start < {end:DateTime}';
  switch (table) {
    case 'channel_metrics':
      return `SELECT source, channel_id, {start:DateTime} AS period_start, ${COUNTERS.map((c) => `sum(${c}) AS ${c}`).join(', ')}
              FROM ${db}.channel_metrics FINAL WHERE granularity = 'day' AND ${inPeriod}
              GROUP BY source, channel_id ORDER BY source, channel_id`;
    case 'channel_audience':
      return `SELECT source, channel_id, metric, {start:DateTime} AS period_start,
                     argMax(count, window_start) AS count, sum(change) AS change, max(observed_at) AS observed_at
              FROM ${db}.channel_audience FINAL WHERE granularity = 'day' AND ${inPeriod}
              GROUP BY source, channel_id, metric ORDER BY source, channel_id, metric`;
    case 'group_activity':
      if (period.grain === 'monthly') {
        // Qualified columns: the aliases below shadow them otherwise.
        return `SELECT source, group_id, {start:DateTime} AS period_start,
                       toUInt32(uniqExactIf(m.member_id, m.messages > 0)) AS active_members, sum(m.messages) AS messages,
                       toUInt32(uniqExactIf(m.member_id, m.joins > 0)) AS joins, toUInt32(uniqExactIf(m.member_id, m.leaves > 0)) AS leaves
                FROM ${db}.group_member_activity AS m FINAL
                WHERE m.day >= toDate({start:DateTime}) AND m.day < toDate({end:DateTime})
                GROUP BY source, group_id ORDER BY source, group_id`;
      }
      return `SELECT source, group_id, window_start AS period_start, active_members, messages, joins, leaves
              FROM ${db}.group_activity FINAL
              WHERE granularity = '${period.grain === 'daily' ? 'day' : 'week'}' AND ${inPeriod}
              ORDER BY source, group_id`;
  }
}

/** `processed-data/analytics/<daily|weekly|monthly>/<table>/<label>.parquet` */
export function exportKey(table: ExportedTable, period: Period): string {
  return `processed-data/analytics/${period.grain}/${table}/${period.label}.parquet`;
}

const MANIFEST_KEY = 'processed-data/analytics/_manifest.json';

export interface AnalyticsExportDeps {
  readonly clickhouse: ClickHouseClient;
  readonly database: string;
  readonly s3: S3Client;
  readonly s3Config: Config['s3'];
}

/**
 * Writes each period's rows of each table as Parquet with ClickHouse's `s3` table function, when
 * the period has rows and they changed since the last export (a digest of the rows kept in
 * `_manifest.json`): a closed period is exported once, and again when late data changes it.
 * Answers the keys written.
 */
export async function exportAnalytics(
  deps: AnalyticsExportDeps,
  periods: readonly Period[],
): Promise<string[]> {
  const manifest = await readManifest(deps);
  const written: string[] = [];
  for (const period of periods) {
    for (const table of TABLES) {
      const query = exportQuery(deps.database, table, period);
      const params = { start: seconds(period.start), end: seconds(period.end) };
      const [summary] = await queryRows<{ rows: string; digest: string }>(deps.clickhouse, {
        query: `SELECT toString(count()) AS rows, toString(sum(cityHash64(*))) AS digest FROM (${query})`,
        query_params: params,
      });
      const key = exportKey(table, period);
      const digest = `${summary?.rows}:${summary?.digest}`;
      if (summary?.rows === '0' || manifest[key] === digest) continue;
      await deps.clickhouse.command({
        query: `INSERT INTO FUNCTION s3(${S3_ARGUMENTS}, 'Parquet') ${query} SETTINGS s3_truncate_on_insert = 1`,
        query_params: { ...params, ...clickhouseS3Params(deps.s3Config, key) },
      });
      manifest[key] = digest;
      written.push(key);
    }
  }
  if (written.length > 0) {
    await deps.s3.send(
      new PutObjectCommand({
        Bucket: deps.s3Config.bucket,
        Key: MANIFEST_KEY,
        Body: JSON.stringify(manifest, null, 1),
        ContentType: 'application/json',
      }),
    );
  }
  return written;
}

async function readManifest(deps: AnalyticsExportDeps): Promise<Record<string, string>> {
  try {
    const object = await deps.s3.send(
      new GetObjectCommand({ Bucket: deps.s3Config.bucket, Key: MANIFEST_KEY }),
    );
    return JSON.parse(await object.Body!.transformToString()) as Record<string, string>;
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return {};
    throw error;
  }
}

function seconds(time: number): number {
  return Math.floor(time / 1000);
}
