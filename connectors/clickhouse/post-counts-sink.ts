import type { ClickHouseClient } from '../../platform/clients/clickhouse';
import type { Metrics } from '../../platform/metrics';
import { channelKey, type ChannelRef, type Source } from '../../schemas/channel-key';

export interface PostRow {
  source: Source;
  channel_id: string;
  post_id: string;
  posted_at: Date;
  text: string;
}

/** The one-minute windows (epoch seconds) a batch touched, by channel key. */
export type TouchedWindows = Map<string, { channel: ChannelRef; windows: Set<number> }>;

/**
 * Writes posts and re-derives the one-minute post counts of the windows they fall in. Counts are
 * recomputed from the deduplicated posts table rather than incremented, so a redelivered update,
 * a replay or a retried batch yields the same numbers (at-least-once in, exactly-once results).
 * The stream engine (its own issue) replaces this with windowed state.
 */
export class PostCountsSink {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
    private readonly metrics: Metrics,
  ) {}

  async write(posts: PostRow[]): Promise<TouchedWindows> {
    const touched: TouchedWindows = new Map();
    if (posts.length === 0) return touched;
    const version = Date.now();
    await this.client.insert({
      table: `${this.database}.posts`,
      format: 'JSONEachRow',
      values: posts.map((post) => ({ ...post, posted_at: clickhouseTime(post.posted_at), version })),
    });
    this.metrics.sinkRows.inc({ table: 'posts' }, posts.length);
    for (const post of posts) {
      const channel: ChannelRef = { source: post.source, channelId: post.channel_id };
      const key = channelKey(channel);
      const entry = touched.get(key) ?? { channel, windows: new Set<number>() };
      entry.windows.add(Math.floor(post.posted_at.getTime() / 60_000) * 60);
      touched.set(key, entry);
    }
    for (const { channel, windows } of touched.values()) {
      await this.recount(channel, [...windows], version);
    }
    return touched;
  }

  private async recount(channel: ChannelRef, windows: number[], version: number): Promise<void> {
    await this.client.command({
      query: `
        INSERT INTO ${this.database}.channel_metrics (source, channel_id, granularity, window_start, posts, version)
        SELECT source, channel_id, 'minute', toStartOfMinute(posted_at) AS window, count(), {version:UInt64}
        FROM ${this.database}.posts FINAL
        WHERE source = {source:String} AND channel_id = {channel:String}
          AND toUnixTimestamp(toStartOfMinute(posted_at)) IN {windows:Array(UInt32)}
        GROUP BY source, channel_id, window`,
      query_params: { source: channel.source, channel: channel.channelId, windows, version },
    });
    this.metrics.sinkRows.inc({ table: 'channel_metrics' }, windows.length);
  }
}

/** `YYYY-MM-DD hh:mm:ss.sss` in UTC: the one text form DateTime64(3, 'UTC') reads unambiguously. */
function clickhouseTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}
