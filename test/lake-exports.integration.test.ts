import { type ClickHouseClient, createClickHouse, queryRows } from '../platform/clients/clickhouse';
import { createS3 } from '../platform/clients/s3';
import { ensureBucket } from '../connectors/lake/ensure-bucket';
import { closedPeriods, type Period } from '../connectors/lake/analytics-periods';
import { type ExportedTable, exportAnalytics, exportKey } from '../connectors/lake/analytics-export';
import { backupClickHouse, restoreClickHouse } from '../connectors/lake/clickhouse-backup';
import { S3_ARGUMENTS, clickhouseS3Params } from '../connectors/lake/clickhouse-s3';
import { migrateClickHouse } from '../schemas/clickhouse/migrate';
import { ScheduledExports } from '../connectors/lake/scheduled-exports';
import { createLogger } from '../platform/logger';
import { isolatedConfig } from './support/isolation';

const config = isolatedConfig();
const DAY = 86_400_000;
/** Monday 23 November 2026: three ISO weeks and two months of days follow. */
const T0 = Date.UTC(2026, 10, 23);
const DAYS = 21;
const NOW = T0 + DAYS * DAY + 3_600_000;
const CHANNELS = ['-1001', '-1002'];
const MEMBERS = ['m1', 'm2', 'm3', 'm4'];

const iso = (time: number) => new Date(time).toISOString().slice(0, 19).replace('T', ' ');

/** The sample: day rows, each written twice (an older version first, as a replay would). */
function sample() {
  const metrics: Record<string, unknown>[] = [];
  const audience: Record<string, unknown>[] = [];
  const groupDays: Record<string, unknown>[] = [];
  const groupWeeks: Record<string, unknown>[] = [];
  const members: Record<string, unknown>[] = [];
  for (let d = 0; d < DAYS; d += 1) {
    const day = T0 + d * DAY;
    for (const [c, channel] of CHANNELS.entries()) {
      const counts = {
        posts: d + c + 1,
        edits: d % 3,
        reactions: 2 * d - 5,
        replies: c,
        forwards: 1,
        views: 0,
        likes: 0,
        reposts: d % 2,
      };
      metrics.push({
        source: 'telegram',
        channel_id: channel,
        granularity: 'day',
        window_start: iso(day),
        ...counts,
        posts: 999,
        version: 1,
      });
      metrics.push({
        source: 'telegram',
        channel_id: channel,
        granularity: 'day',
        window_start: iso(day),
        ...counts,
        version: 2,
      });
      metrics.push({
        source: 'telegram',
        channel_id: channel,
        granularity: 'hour',
        window_start: iso(day),
        ...counts,
        version: 2,
      });
      audience.push({
        source: 'telegram',
        channel_id: channel,
        metric: 'members',
        granularity: 'day',
        window_start: iso(day),
        count: 1000 + d * 10 + c,
        change: 10,
        observed_at: iso(day + 3_600_000),
        version: 2,
      });
    }
    const active = MEMBERS.filter((_, m) => (d + m) % 3 !== 0);
    for (const member of active) {
      members.push({
        source: 'telegram',
        group_id: '-2001',
        member_id: member,
        day: new Date(day).toISOString().slice(0, 10),
        messages: d + 1,
        joins: d === 0 ? 1 : 0,
        leaves: 0,
        version: 2,
      });
    }
    groupDays.push({
      source: 'telegram',
      group_id: '-2001',
      granularity: 'day',
      window_start: iso(day),
      active_members: active.length,
      messages: active.length * (d + 1),
      joins: d === 0 ? active.length : 0,
      leaves: 0,
      version: 2,
    });
    if (d % 7 === 0) {
      groupWeeks.push({
        source: 'telegram',
        group_id: '-2001',
        granularity: 'week',
        window_start: iso(day),
        active_members: 4,
        messages: 7 * d,
        joins: d === 0 ? 3 : 0,
        leaves: 0,
        version: 2,
      });
    }
  }
  return { metrics, audience, groupDays, groupWeeks, members };
}

async function insert(clickhouse: ClickHouseClient, table: string, values: Record<string, unknown>[]) {
  await clickhouse.insert({ table: `${config.clickhouse.database}.${table}`, format: 'JSONEachRow', values });
}

/** The client, counting the statements it is asked (queries, commands, inserts). */
function counting(client: ClickHouseClient): { client: ClickHouseClient; asked: () => number } {
  let asked = 0;
  const counted = new Proxy(client, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      if (name === 'query' || name === 'command' || name === 'insert' || name === 'exec') asked += 1;
      return value.bind(target);
    },
  });
  return { client: counted, asked: () => asked };
}

/** A Parquet export read back with ClickHouse, as JSON rows in the file's order. */
async function readExport(clickhouse: ClickHouseClient, table: ExportedTable, period: Period) {
  return queryRows<Record<string, unknown>>(clickhouse, {
    query: `SELECT * FROM s3(${S3_ARGUMENTS}, 'Parquet')`,
    query_params: clickhouseS3Params(config.s3, exportKey(table, period)),
  });
}

describe('processed data and ClickHouse backups in the lake', () => {
  const clickhouse = createClickHouse(config.clickhouse);
  const s3 = createS3(config.s3);
  const db = config.clickhouse.database;
  const deps = { clickhouse, database: db, s3, s3Config: config.s3 };
  const periods = closedPeriods(T0, T0 + DAYS * DAY, NOW);

  beforeAll(async () => {
    await ensureBucket(s3, config.s3.bucket);
    await migrateClickHouse(clickhouse, db);
    const rows = sample();
    // Stale versions in inserts of their own: one insert is deduplicated as it is written.
    await insert(
      clickhouse,
      'channel_metrics',
      rows.metrics.filter((r) => r.version === 1),
    );
    await insert(
      clickhouse,
      'channel_metrics',
      rows.metrics.filter((r) => r.version === 2),
    );
    await insert(clickhouse, 'channel_audience', rows.audience);
    await insert(clickhouse, 'group_activity', [...rows.groupDays, ...rows.groupWeeks]);
    await insert(clickhouse, 'group_member_activity', rows.members);
  });
  afterAll(async () => {
    s3.destroy();
    await clickhouse.close();
  });

  it('writes each closed day, week and month as Parquet holding the same numbers as the tables', async () => {
    const written = await exportAnalytics(deps, periods);
    // 21 days, 3 weeks, 1 closed month (November); December has not ended.
    expect(periods.map((p) => p.grain).filter((g) => g === 'weekly')).toHaveLength(3);
    expect(periods.filter((p) => p.grain === 'monthly').map((p) => p.label)).toEqual(['2026-11']);
    expect(written).toHaveLength(3 * (21 + 3 + 1));

    const { metrics, audience, members } = sample();
    for (const period of periods) {
      const inPeriod = (row: Record<string, unknown>) => {
        const time = Date.parse(`${String(row.window_start ?? row.day).replace(' ', 'T')}Z`);
        return time >= period.start && time < period.end;
      };
      const exported = await readExport(clickhouse, 'channel_metrics', period);
      for (const channel of CHANNELS) {
        const days = metrics.filter(
          (r) => r.channel_id === channel && r.granularity === 'day' && r.version === 2 && inPeriod(r),
        );
        const row = exported.find((r) => r.channel_id === channel);
        expect(Number(row?.posts)).toBe(days.reduce((sum, r) => sum + Number(r.posts), 0));
        expect(Number(row?.reactions)).toBe(days.reduce((sum, r) => sum + Number(r.reactions), 0));
      }
      const audienceRows = await readExport(clickhouse, 'channel_audience', period);
      for (const channel of CHANNELS) {
        const days = audience.filter((r) => r.channel_id === channel && inPeriod(r));
        const row = audienceRows.find((r) => r.channel_id === channel);
        expect(Number(row?.count)).toBe(Number(days.at(-1)?.count));
        expect(Number(row?.change)).toBe(10 * days.length);
      }
      const [group] = await readExport(clickhouse, 'group_activity', period);
      if (period.grain === 'weekly') {
        expect(Number(group?.active_members)).toBe(4); // the topology's own week row
      } else {
        const days = members.filter(inPeriod);
        expect(Number(group?.active_members)).toBe(new Set(days.map((r) => r.member_id)).size);
        expect(Number(group?.messages)).toBe(days.reduce((sum, r) => sum + Number(r.messages), 0));
      }
    }
  });

  it('writes nothing again until late data changes a period, then only that day and its week (December is not over)', async () => {
    // One digest query per table and grain (3 × 3), however many periods (25 here, 48 in a run
    // of the last 40 days), and nothing else when nothing changed.
    const quiet = counting(clickhouse);
    expect(await exportAnalytics({ ...deps, clickhouse: quiet.client }, periods)).toEqual([]);
    expect(quiet.asked()).toBeLessThanOrEqual(9);
    const late = T0 + 8 * DAY; // Tuesday 1 December
    await insert(clickhouse, 'channel_metrics', [
      {
        source: 'telegram',
        channel_id: '-1001',
        granularity: 'day',
        window_start: iso(late),
        posts: 500,
        version: 3,
      },
    ]);
    const changed = counting(clickhouse);
    expect((await exportAnalytics({ ...deps, clickhouse: changed.client }, periods)).sort()).toEqual([
      'processed-data/analytics/daily/channel_metrics/2026-12-01.parquet',
      'processed-data/analytics/weekly/channel_metrics/2026-W49.parquet',
    ]);
    expect(changed.asked()).toBeLessThanOrEqual(9 + 2);
    const day = periods.find((p) => p.label === '2026-12-01')!;
    const [row] = (await readExport(clickhouse, 'channel_metrics', day)).filter(
      (r) => r.channel_id === '-1001',
    );
    expect(Number(row?.posts)).toBe(500);
  });

  it("the processors' scheduled run exports what changed, and its timer stops cleanly", async () => {
    const late = T0 + 9 * DAY; // Wednesday 2 December
    await insert(clickhouse, 'channel_metrics', [
      {
        source: 'telegram',
        channel_id: '-1002',
        granularity: 'day',
        window_start: iso(late),
        posts: 700,
        version: 3,
      },
    ]);
    const day = periods.find((p) => p.label === '2026-12-02')!;
    // A run at NOW, as the timer would run it then (the sample's days are in the past).
    const exports = new ScheduledExports(deps, 50, createLogger('silent'));
    await exports.run(NOW);
    const [row] = (await readExport(clickhouse, 'channel_metrics', day)).filter(
      (r) => r.channel_id === '-1002',
    );
    expect(Number(row?.posts)).toBe(700);
    exports.start();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await exports.stop();
  });

  it('backs the database up to backup/clickhouse/ and restores it beside the original with the same rows', async () => {
    const key = await backupClickHouse({ clickhouse, database: db, s3: config.s3 }, new Date(NOW), {
      pollMs: 50,
    });
    expect(key).toBe(`backup/clickhouse/${db}/2026-12-14T01-00-00-000Z`);
    const restored = `${db}_restored`;
    await restoreClickHouse({ clickhouse, database: db, s3: config.s3 }, key, restored, { pollMs: 50 });
    try {
      for (const table of [
        'channel_metrics',
        'channel_audience',
        'group_activity',
        'group_member_activity',
      ]) {
        // FINAL: background merges of either copy fold replaced rows at their own pace.
        const digest = (database: string) =>
          queryRows<{ n: string; digest: string }>(clickhouse, {
            query: `SELECT toString(count()) AS n, toString(sum(cityHash64(*))) AS digest FROM ${database}.${table} FINAL`,
          });
        expect(await digest(restored)).toEqual(await digest(db));
      }
    } finally {
      await clickhouse.command({ query: `DROP DATABASE IF EXISTS ${restored} SYNC` });
    }
  });
});
