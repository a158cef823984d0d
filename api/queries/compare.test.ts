import type { ClickHouseClient } from '../../platform/clients/clickhouse';
import type { ChannelRef } from '../../schemas/channel-key';
import type { MetricsRange, MetricsWindow } from './channel-metrics';
import { compareSeries, parseChannelList } from './compare';

describe('compareSeries', () => {
  it('reads activity counters through the metrics reader, so compared channels batch with other reads', async () => {
    const channel: ChannelRef = { source: 'telegram', channelId: '-1001' };
    const range: MetricsRange = {
      granularity: 'day',
      from: new Date('2026-11-24T00:00:00Z'),
      to: new Date('2026-11-26T00:00:00Z'),
    };
    const window = (start: string, posts: number) => ({ window_start: start, posts }) as MetricsWindow;
    const read = jest.fn(async () => [window('2026-11-24T00:00:00Z', 3), window('2026-11-25T00:00:00Z', 5)]);
    // Asked directly, ClickHouse would be this client: any use of it fails the test.
    const client = new Proxy({} as ClickHouseClient, {
      get: () => {
        throw new Error('queried ClickHouse directly');
      },
    });
    const series = await compareSeries(client, 'db', { read }, channel, range, 'posts');
    expect(read).toHaveBeenCalledWith(channel, range);
    expect(series).toEqual({
      channel: 'telegram:-1001',
      windows: [
        { window_start: '2026-11-24T00:00:00Z', value: 3 },
        { window_start: '2026-11-25T00:00:00Z', value: 5 },
      ],
    });
  });
});

describe('parseChannelList', () => {
  it('gives each channel of a checked list once, in order', () => {
    expect(parseChannelList('telegram:-1001,twitter:42,telegram:-1001')).toEqual([
      { source: 'telegram', channelId: '-1001' },
      { source: 'twitter', channelId: '42' },
    ]);
  });
});
