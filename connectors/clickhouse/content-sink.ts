import { type ClickHouseClient, clickhouseTime } from '../../platform/clients/clickhouse';
import type { Metrics } from '../../platform/metrics';
import { channelKey, type ChannelRef } from '../../schemas/channel-key';
import type { ChannelStatsSample } from '../kafka/channel-stats';
import type { EngagementObservation, PostEvent } from '../../schemas/content-records';

/** An audience sample, as `social.channel-stats.v1` carries it. */
export type AudienceSample = ChannelStatsSample;

export interface ContentBatch {
  posts: PostEvent[];
  engagement: EngagementObservation[];
  samples: AudienceSample[];
}

/** The channels a batch touched (by key), with the one-minute windows (epoch seconds) of its posts. */
export type TouchedWindows = Map<string, { channel: ChannelRef; windows: Set<number> }>;

/**
 * Writes posts, engagement observations and audience samples into ClickHouse, and re-derives the
 * one-minute post counts of the windows the posts fall in. Every row's version comes from the
 * data (event or observation time), and counts are recomputed from the deduplicated posts table
 * rather than incremented, so a redelivered record, a replay or a retried batch yields the same
 * tables (at-least-once in, exactly-once results).
 */
export class ContentSink {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
    private readonly metrics: Metrics,
  ) {}

  async write(batch: ContentBatch): Promise<TouchedWindows> {
    const touched: TouchedWindows = new Map();
    const touch = (source: ChannelRef['source'], channelId: string) => {
      const channel: ChannelRef = { source, channelId };
      const key = channelKey(channel);
      const entry = touched.get(key) ?? { channel, windows: new Set<number>() };
      touched.set(key, entry);
      return entry;
    };
    await this.insert('posts', batch.posts.map(postRow));
    for (const post of batch.posts) {
      touch(post.source, post.channel_id).windows.add(Math.floor(post.posted_at / 60_000) * 60);
    }
    await this.insert('post_engagement', batch.engagement.map(engagementRow));
    for (const observation of batch.engagement) touch(observation.source, observation.channel_id);
    await this.insert(
      'channel_stats',
      batch.samples.map((sample) => ({ ...sample, observed_at: clickhouseTime(sample.observed_at) })),
    );
    for (const sample of batch.samples) touch(sample.source, sample.channel_id);
    for (const { channel, windows } of touched.values()) {
      if (windows.size > 0) await this.recount(channel, [...windows]);
    }
    return touched;
  }

  private async insert(table: string, values: object[]): Promise<void> {
    if (values.length === 0) return;
    await this.client.insert({ table: `${this.database}.${table}`, format: 'JSONEachRow', values });
    this.metrics.sinkRows.inc({ table }, values.length);
  }

  private async recount(channel: ChannelRef, windows: number[]): Promise<void> {
    // The recount's version is the time it ran: a later recount saw at least as many posts.
    await this.client.command({
      query: `
        INSERT INTO ${this.database}.channel_metrics (source, channel_id, granularity, window_start, posts, version)
        SELECT source, channel_id, 'minute', toStartOfMinute(posted_at) AS window, count(), {version:UInt64}
        FROM ${this.database}.posts FINAL
        WHERE source = {source:String} AND channel_id = {channel:String}
          AND toUnixTimestamp(toStartOfMinute(posted_at)) IN {windows:Array(UInt32)}
        GROUP BY source, channel_id, window`,
      query_params: { source: channel.source, channel: channel.channelId, windows, version: Date.now() },
    });
    this.metrics.sinkRows.inc({ table: 'channel_metrics' }, windows.length);
  }
}

/**
 * Added to a post's event time to make its version. Rows written before migration 002 carry their
 * insert time (epoch ms, below 2^41 until 2039) as version, which is later than any event time:
 * without the offset, reprocessing would never replace them with rows that have text features.
 * The offset keeps the order of event times among rows written since.
 */
export const POST_VERSION_BASE = 2 ** 42;

function postRow(post: PostEvent) {
  return {
    source: post.source,
    channel_id: post.channel_id,
    post_id: post.post_id,
    posted_at: clickhouseTime(post.posted_at),
    text: post.text ?? '',
    post_type: post.post_type,
    author_id: post.author_id ?? '',
    length: post.length,
    hashtags: post.hashtags,
    mentions: post.mentions,
    links: post.links,
    reply_to_post_id: post.reply_to_post_id ?? '',
    forwarded_from: post.forwarded_from ?? '',
    edited_at: post.event === 'edited' ? clickhouseTime(post.event_time) : null,
    version: POST_VERSION_BASE + post.event_time,
  };
}

function engagementRow(observation: EngagementObservation) {
  return {
    ...observation,
    observed_at: clickhouseTime(observation.observed_at),
    version: observation.observed_at,
  };
}
