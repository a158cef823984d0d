import { GetBucketVersioningCommand } from '@aws-sdk/client-s3';
import {
  type Granularity,
  queryChannelMetrics,
  queryChannelMetricsBatch,
} from '../api/queries/channel-metrics';
import { WindowSink } from '../connectors/clickhouse/activity-sink';
import {
  ACTIVITY_GRANULARITIES,
  type ActivityCounts,
  type ChannelActivityWindow,
  NO_ACTIVITY,
} from '../schemas/activity-records';
import { WINDOW_SIZE_MS } from '../topologies/channel-activity';
import { ensureBucket } from '../connectors/lake/ensure-bucket';
import { createClickHouse, queryRows } from '../platform/clients/clickhouse';
import { createPostgres } from '../platform/clients/postgres';
import { createS3 } from '../platform/clients/s3';
import { createMetrics } from '../platform/metrics';
import { migrateClickHouse } from '../schemas/clickhouse/migrate';
import { migratePostgres } from '../schemas/postgres/migrate';
import { isolatedConfig } from './support/isolation';

const config = isolatedConfig();

describe('S3 lake bucket bootstrap (MinIO)', () => {
  const s3 = createS3(config.s3);
  afterAll(() => s3.destroy());

  it('creates the bucket with versioning on, and is safe to run again', async () => {
    await ensureBucket(s3, config.s3.bucket);
    await ensureBucket(s3, config.s3.bucket);
    const versioning = await s3.send(new GetBucketVersioningCommand({ Bucket: config.s3.bucket }));
    expect(versioning.Status).toBe('Enabled');
  });
});

describe('PostgreSQL migrations', () => {
  const pool = createPostgres(config.postgres);
  afterAll(() => pool.end());

  it('runs against a test database only, applies every migration once and records it', async () => {
    const { rows } = await pool.query<{ db: string }>('SELECT current_database() AS db');
    expect(rows[0]?.db).toContain('test');
    await migratePostgres(pool);
    expect(await migratePostgres(pool)).toEqual([]);
    const applied = await pool.query('SELECT name FROM schema_migrations');
    expect(applied.rows.map((r) => r.name)).toContain('001_organizations_and_channels.sql');
    const tables = await pool.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('organizations','tracked_channels')",
    );
    expect(tables.rowCount).toBe(2);
  });
});

describe('ClickHouse (chdb) window sink and metrics queries', () => {
  const clickhouse = createClickHouse(config.clickhouse);
  const windowSink = new WindowSink(clickhouse, config.clickhouse.database, createMetrics());
  let version = 0n;
  /** Writes the minute, hour and day windows of these posts, as the channel-activity topology would. */
  const write = (posts: { at: string; channelId?: string }[], changes: Partial<ActivityCounts> = {}) => {
    const windows = new Map<string, ChannelActivityWindow>();
    for (const { at, channelId = '-100777' } of posts) {
      for (const granularity of ACTIVITY_GRANULARITIES) {
        const size = WINDOW_SIZE_MS[granularity];
        const start = Math.floor(Date.parse(at) / size) * size;
        const key = `${channelId}@${granularity}@${start}`;
        const window = windows.get(key) ?? {
          ...NO_ACTIVITY,
          ...changes,
          source: 'telegram' as const,
          channel_id: channelId,
          granularity,
          window_start: start,
        };
        windows.set(key, { ...window, posts: window.posts + 1 });
      }
    }
    version += 1n;
    return windowSink.writeActivity([...windows.values()].map((value) => ({ value, version })));
  };
  const channel = { source: 'telegram' as const, channelId: '-100777' };
  const range = {
    from: new Date('2026-01-01T00:00:00Z'),
    to: new Date('2026-01-02T00:00:00Z'),
    granularity: 'minute' as const,
  };
  const counts = (windowStart: string, posts: number, more: Partial<ActivityCounts> = {}) => ({
    window_start: windowStart,
    ...NO_ACTIVITY,
    posts,
    ...more,
  });

  beforeAll(() => migrateClickHouse(clickhouse, config.clickhouse.database));
  afterAll(async () => {
    await clickhouse.command({ query: `DROP DATABASE IF EXISTS ${config.clickhouse.database}` });
    await clickhouse.close();
  });

  it('keeps the latest version of each window: a replayed write changes nothing', async () => {
    const first = [
      { at: '2026-01-01T10:00:05Z' },
      { at: '2026-01-01T10:00:59.999Z' },
      { at: '2026-01-01T10:01:00Z' },
    ];
    await write(first, { reactions: -3, likes: 2 });
    expect(await queryChannelMetrics(clickhouse, config.clickhouse.database, channel, range)).toEqual([
      counts('2026-01-01T10:00:00Z', 2, { reactions: -3, likes: 2 }),
      counts('2026-01-01T10:01:00Z', 1, { reactions: -3, likes: 2 }),
    ]);
    // The same minute windows again, then with one more post at a higher version.
    await write([...first, { at: '2026-01-01T10:01:30Z' }]);
    await windowSink.writeActivity([]);
    expect(await queryChannelMetrics(clickhouse, config.clickhouse.database, channel, range)).toEqual([
      counts('2026-01-01T10:00:00Z', 2),
      counts('2026-01-01T10:01:00Z', 2),
    ]);
    // A row the old recount wrote (insert-time version) gives way to the topology's.
    await clickhouse.command({
      query: `INSERT INTO ${config.clickhouse.database}.channel_metrics (source, channel_id, granularity, window_start, posts, version)
              VALUES ('telegram', '-100777', 'hour', '2026-01-01 10:00:00', 99, ${Date.now()})`,
    });
    const hourly = await queryChannelMetrics(clickhouse, config.clickhouse.database, channel, {
      ...range,
      granularity: 'hour',
    });
    expect(hourly).toEqual([counts('2026-01-01T10:00:00Z', 4)]);
  });

  it("answers a batch of ranges as each would be answered alone, in the ranges' order", async () => {
    await write([
      { at: '2026-01-03T10:00:05Z', channelId: '-100888' },
      { at: '2026-01-03T10:59:00Z', channelId: '-100888' },
      { at: '2026-01-03T11:30:00Z', channelId: '-100888' },
      { at: '2026-01-09T08:00:00Z', channelId: '-100888' },
      { at: '2026-01-03T10:15:00Z', channelId: '-100999' }, // another channel: in no answer
    ]);
    const channel888 = { source: 'telegram' as const, channelId: '-100888' };
    const between = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) });
    const ranges = [
      between('2026-01-03T00:00:00Z', '2026-01-04T00:00:00Z'),
      between('2026-01-03T10:30:00Z', '2026-01-03T12:00:00Z'), // overlaps the first
      between('2026-01-03T10:00:00Z', '2026-01-03T11:00:00Z'),
      between('2026-01-08T00:00:00Z', '2026-01-10T00:00:00Z'), // apart from the others
      between('2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z'), // nothing posted
    ];
    const batchOf = (granularity: Granularity) =>
      queryChannelMetricsBatch(clickhouse, config.clickhouse.database, channel888, granularity, ranges);
    const alone = (granularity: Granularity) =>
      Promise.all(
        ranges.map((range) =>
          queryChannelMetrics(clickhouse, config.clickhouse.database, channel888, { ...range, granularity }),
        ),
      );
    expect(await batchOf('hour')).toEqual([
      [counts('2026-01-03T10:00:00Z', 2), counts('2026-01-03T11:00:00Z', 1)],
      [counts('2026-01-03T11:00:00Z', 1)],
      [counts('2026-01-03T10:00:00Z', 2)],
      [counts('2026-01-09T08:00:00Z', 1)],
      [],
    ]);
    // Weeks are summed from the day windows.
    expect((await batchOf('week'))[3]).toEqual([counts('2026-01-05T00:00:00Z', 1)]);
    for (const granularity of ['minute', 'hour', 'day', 'week', 'month'] as const) {
      expect(await batchOf(granularity)).toEqual(await alone(granularity));
    }
    expect(
      await queryChannelMetricsBatch(clickhouse, config.clickhouse.database, channel888, 'hour', []),
    ).toEqual([]);
  });
});

describe('ClickHouse reads (queryRows)', () => {
  const chdb = createClickHouse(config.clickhouse);
  const server = createClickHouse({ ...config.clickhouse, url: 'http://127.0.0.1:1' });
  afterAll(async () => {
    await chdb.close();
    await server.close();
  });

  it('fails a read past its time as TIMEOUT, an unreachable server as CLICKHOUSE_UNAVAILABLE', async () => {
    await expect(
      queryRows(chdb, {
        query: 'SELECT count() FROM numbers(100000000000)',
        clickhouse_settings: { max_execution_time: 1 },
      }),
    ).rejects.toMatchObject({ code: 'TIMEOUT', status: 503, retriable: true });
    await expect(queryRows(server, { query: 'SELECT 1' })).rejects.toMatchObject({
      code: 'CLICKHOUSE_UNAVAILABLE',
      retriable: true,
    });
  });

  it('leaves a query ClickHouse refuses as its own error: a defect, answered as a 500 without its text', async () => {
    const refused = queryRows(chdb, { query: 'SELECT no_such_column FROM system.one' });
    await expect(refused).rejects.toMatchObject({ type: 'UNKNOWN_IDENTIFIER' });
    await expect(refused).rejects.not.toHaveProperty('retriable');
  });
});
