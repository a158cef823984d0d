import { randomInt } from 'node:crypto';
import { type ClickHouseClient, createClickHouse } from '../platform/clients/clickhouse';
import { createRedis, type Redis } from '../platform/clients/redis';
import { MetricsCache } from '../api/queries/metrics-cache';
import { createLogger } from '../platform/logger';
import { createMetrics } from '../platform/metrics';
import { type RunningApp, startApp, useAccount } from './support/app';

/**
 * Issue 17: a window whose posts jump far outside the channel's own recent windows is flagged on
 * the metrics answers and, on a live stream, announced once as an `anomaly` event after the
 * `windows` event that first carries it.
 */
const MINUTE = 60_000;
const iso = (time: number) => new Date(time).toISOString().slice(0, 19).replace('T', ' ');
const isoZ = (time: number) => new Date(time).toISOString().replace('.000Z', 'Z');

describe('anomaly events on the live stream', () => {
  let app: RunningApp;
  let redis: Redis;
  let cacheRedis: Redis;
  let cache: MetricsCache;
  let clickhouse: ClickHouseClient;
  beforeAll(async () => {
    app = await startApp({ ROLES: 'api' });
    redis = createRedis(app.config.redis);
    cacheRedis = createRedis(app.config.cache.redis);
    await Promise.all([redis.connect(), cacheRedis.connect()]);
    // What the processors' sinks do once windows land: stale answers go, live streams hear of it.
    cache = new MetricsCache(cacheRedis, redis, createMetrics(), createLogger('silent'));
    clickhouse = createClickHouse(app.config.clickhouse);
  });
  afterAll(async () => {
    redis?.disconnect();
    cacheRedis?.disconnect();
    await clickhouse?.close();
    await app?.stop();
  });

  /** What the processors do: sink minute windows of posts, then announce the channel. */
  const land = async (channelId: string, posts: [number, number][]) => {
    await clickhouse.insert({
      table: `${app.config.clickhouse.database}.channel_metrics`,
      format: 'JSONEachRow',
      values: posts.map(([at, count]) => ({
        source: 'telegram',
        channel_id: channelId,
        granularity: 'minute',
        window_start: iso(at),
        posts: count,
        version: 1,
      })),
    });
    await cache.invalidate([`telegram:${channelId}`]);
  };

  it('announces a jump of posts once, after the windows that carry it, and a later jump on its own', async () => {
    const channelId = `-100${randomInt(1e9, 9e9)}`;
    const account = await useAccount(app, 'enterprise', [`telegram:${channelId}`]);
    const start = Math.floor(Date.now() / MINUTE) * MINUTE - 30 * MINUTE;
    const at = (minute: number) => start + minute * MINUTE;
    // Eight quiet minutes, one post each, then 30 posts in one.
    await land(channelId, [
      ...Array.from({ length: 8 }, (_, m): [number, number] => [at(m), 1]),
      [at(8), 30],
    ]);

    const abort = new AbortController();
    const response = await fetch(`${app.baseUrl}/v1/channels/telegram:${channelId}/live?granularity=minute`, {
      headers: { authorization: `Bearer ${account.token}` },
      signal: abort.signal,
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    /** The events (not comments or `retry:`) up to and including the next `windows` event. */
    const untilWindows = async () => {
      const events: { event: string; data: unknown }[] = [];
      for (;;) {
        const cut = buffered.indexOf('\n\n');
        if (cut < 0) {
          const read = await reader.read();
          if (read.done) throw new Error('the stream ended');
          buffered += decoder.decode(read.value, { stream: true });
          continue;
        }
        const block = buffered.slice(0, cut).split('\n');
        buffered = buffered.slice(cut + 2);
        const event = block.find((line) => line.startsWith('event: '))?.slice(7);
        const data = block.find((line) => line.startsWith('data: '))?.slice(6);
        if (event) events.push({ event, data: JSON.parse(data ?? 'null') });
        if (event === 'windows') return events;
      }
    };
    const anomaliesAfter = async () => {
      // The anomalies of one answer follow its `windows` event: read through the next one.
      const events = (await untilWindows()).slice(0, -1);
      expect(events.every((e) => e.event === 'anomaly')).toBe(true);
      return events.map((e) => e.data);
    };

    try {
      expect(response.status).toBe(200);
      const first = await untilWindows();
      expect(first.map((e) => e.event)).toEqual(['windows']);
      // Each answer's anomalies follow its `windows` event, so they are read with the next one.
      await land(channelId, [[at(9), 1]]);
      const spike = { window_start: isoZ(at(8)), metric: 'posts', score: 29, value: 30 };
      expect(await anomaliesAfter()).toEqual([spike]); // the first answer's

      await land(channelId, [[at(10), 1]]);
      expect(await anomaliesAfter()).toEqual([]); // minute 8 is flagged again: not announced twice

      await land(channelId, [[at(11), 60]]);
      expect(await anomaliesAfter()).toEqual([]);
      await land(channelId, [[at(12), 1]]);
      expect(await anomaliesAfter()).toEqual([
        { window_start: isoZ(at(11)), metric: 'posts', score: 59, value: 60 },
      ]);
    } finally {
      abort.abort();
    }
  }, 60_000);
});
