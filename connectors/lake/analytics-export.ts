import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type ClickHouseClient, queryRows } from '../../platform/clients/clickhouse';
import type { Config } from '../../platform/config';
import type { Period } from './analytics-periods';
import { S3_ARGUMENTS, clickhouseS3Params } from './clickhouse-s3';

/** The exported tables; each query reads the periods of one grain within `{from}`..`{to}` of `{db}`. */
const TABLES = ['channel_metrics', 'channel_audience', 'group_activity'] as const;
export type ExportedTable = (typeof TABLES)[number];
type Grain = Period['grain'];

const COUNTERS = ['posts', 'edits', 'reactions', 'replies', 'forwards', 'views', 'likes', 'reposts'];

/**
 * The UTC start of the period of `grain` holding `time` (a DateTime('UTC') or Date), as a plain
 * DateTime: the type an exported file's `period_start` has always had.
 */
function periodStart(grain: Grain, time: string): string {
  const start = {
    daily: `toStartOfDay(${time})`,
    weekly: `toDateTime(toMonday(${time}), 'UTC')`,
    monthly: `toDateTime(toStartOfMonth(${time}), 'UTC')`,
  }[grain];
  return `CAST(${start} AS DateTime)`;
}

/**
 * The rows of a table for every period of one grain within `{from}` and `{to}`, each row with its
 * `period_start`, from the day windows (ReplacingMergeTree read FINAL): a day is its day row, a
 * week or month the sum of its days. Audience keeps the last count of the period and the sum of
 * the days' changes. Group activity counts distinct members, which do not add up: a day or week
 * is the topology's own window row, a month is counted from the members' days. The export of one
 * period and the digests of many read the same query, so a digest always describes its file.
 */
function periodRows(db: string, table: ExportedTable, grain: Grain): string {
  const inRange = 'window_start >= {from:DateTime} AND window_start < {to:DateTime}';
  switch (table) {
    case 'channel_metrics':
      return `SELECT source, channel_id, ${periodStart(grain, 'window_start')} AS period_start, ${COUNTERS.map((c) => `sum(${c}) AS ${c}`).join(', ')}
              FROM ${db}.channel_metrics FINAL WHERE granularity = 'day' AND ${inRange}
              GROUP BY source, channel_id, period_start`;
    case 'channel_audience':
      return `SELECT source, channel_id, metric, ${periodStart(grain, 'window_start')} AS period_start,
                     argMax(count, window_start) AS count, sum(change) AS change, max(observed_at) AS observed_at
              FROM ${db}.channel_audience FINAL WHERE granularity = 'day' AND ${inRange}
              GROUP BY source, channel_id, metric, period_start`;
    case 'group_activity':
      if (grain === 'monthly') {
        // Qualified columns: the aliases below shadow them otherwise.
        return `SELECT source, group_id, ${periodStart(grain, 'm.day')} AS period_start,
                       toUInt32(uniqExactIf(m.member_id, m.messages > 0)) AS active_members, sum(m.messages) AS messages,
                       toUInt32(uniqExactIf(m.member_id, m.joins > 0)) AS joins, toUInt32(uniqExactIf(m.member_id, m.leaves > 0)) AS leaves
                FROM ${db}.group_member_activity AS m FINAL
                WHERE m.day >= toDate({from:DateTime}, 'UTC') AND m.day < toDate({to:DateTime}, 'UTC')
                GROUP BY source, group_id, period_start`;
      }
      return `SELECT source, group_id, window_start AS period_start, active_members, messages, joins, leaves
              FROM ${db}.group_activity FINAL
              WHERE granularity = '${grain === 'daily' ? 'day' : 'week'}' AND ${inRange}`;
  }
}

/** The order of an exported file's rows. */
const ROW_ORDER: Record<ExportedTable, string> = {
  channel_metrics: 'source, channel_id',
  channel_audience: 'source, channel_id, metric',
  group_activity: 'source, group_id',
};

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
 * The digests take one query per table and grain, however many periods. Answers the keys written.
 */
export async function exportAnalytics(
  deps: AnalyticsExportDeps,
  periods: readonly Period[],
): Promise<string[]> {
  const manifest = await readManifest(deps);
  const digests = await periodDigests(deps, periods);
  const written: string[] = [];
  for (const period of periods) {
    for (const table of TABLES) {
      const key = exportKey(table, period);
      const digest = digests.get(key);
      if (digest === undefined || manifest[key] === digest) continue;
      await deps.clickhouse.command({
        query: `INSERT INTO FUNCTION s3(${S3_ARGUMENTS}, 'Parquet')
                ${periodRows(deps.database, table, period.grain)} ORDER BY ${ROW_ORDER[table]}
                SETTINGS s3_truncate_on_insert = 1`,
        query_params: { ...range([period]), ...clickhouseS3Params(deps.s3Config, key) },
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

/**
 * Each period's digest (`<rows>:<sum of the rows' cityHash64>`) by its file's key; a period
 * without rows has none. One query per table and grain: the rows of all the grain's periods,
 * grouped by their period.
 */
async function periodDigests(
  deps: AnalyticsExportDeps,
  periods: readonly Period[],
): Promise<Map<string, string>> {
  const digests = new Map<string, string>();
  for (const grain of ['daily', 'weekly', 'monthly'] as const) {
    const ofGrain = new Map(periods.filter((p) => p.grain === grain).map((p) => [seconds(p.start), p]));
    if (ofGrain.size === 0) continue;
    for (const table of TABLES) {
      const rows = await queryRows<{ start: number; rows: string; digest: string }>(deps.clickhouse, {
        query: `SELECT toUnixTimestamp(period_start) AS start, toString(count()) AS rows, toString(sum(cityHash64(*))) AS digest
                FROM (${periodRows(deps.database, table, grain)}) GROUP BY period_start`,
        query_params: range([...ofGrain.values()]),
      });
      for (const row of rows) {
        const period = ofGrain.get(Number(row.start));
        if (period) digests.set(exportKey(table, period), `${row.rows}:${row.digest}`);
      }
    }
  }
  return digests;
}

/** `{from}` and `{to}`: from the first period's start to the last one's end, in seconds. */
function range(periods: readonly Period[]): { from: number; to: number } {
  return {
    from: seconds(Math.min(...periods.map((p) => p.start))),
    to: seconds(Math.max(...periods.map((p) => p.end))),
  };
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
