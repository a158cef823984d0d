import { type ClickHouseClient, clickhouseSeconds, clickhouseTime } from '../../platform/clients/clickhouse';
import type { Metrics } from '../../platform/metrics';
import { insertRows, type SinkTarget } from './insert-rows';
import { channelKey } from '../../schemas/channel-key';
import type { ContentBatch, EngagementObservation, StoredPost } from '../../schemas/content-records';

/**
 * Writes posts, engagement observations and audience samples into ClickHouse. Every row's version
 * comes from the data (event or observation time), so a redelivered record, a replay or a retried
 * batch yields the same tables (at-least-once in, exactly-once results). The counts per window
 * are the channel-activity topology's (WindowSink).
 */
export class ContentSink {
  private readonly target: SinkTarget;

  /**
   * `rawPayloadDays`: how long after its receipt a post's raw payload stays in ClickHouse
   * (`post_payloads`); after that the API reads it from the lake's raw archive.
   */
  constructor(
    client: ClickHouseClient,
    database: string,
    metrics: Metrics,
    private readonly rawPayloadDays: number,
  ) {
    this.target = { client, database, metrics };
  }

  /** Writes the batch; answers the keys of the channels it touched. */
  async write(batch: ContentBatch): Promise<Set<string>> {
    await insertRows(this.target, 'posts', batch.posts.map(postRow));
    await insertRows(
      this.target,
      'post_payloads',
      batch.posts.flatMap((post) => payloadRow(post, this.rawPayloadDays)),
    );
    await insertRows(this.target, 'post_engagement', batch.engagement.map(engagementRow));
    await insertRows(
      this.target,
      'channel_stats',
      batch.samples.map((sample) => ({ ...sample, observed_at: clickhouseTime(sample.observed_at) })),
    );
    return new Set(
      [...batch.posts, ...batch.engagement, ...batch.samples].map((row) =>
        channelKey({ source: row.source, channelId: row.channel_id }),
      ),
    );
  }
}

/**
 * Added to a post's event time to make its version. Rows written before migration 002 carry their
 * insert time (epoch ms, below 2^41 until 2039) as version, which is later than any event time:
 * without the offset, reprocessing would never replace them with rows that have text features.
 * The offset keeps the order of event times among rows written since.
 */
export const POST_VERSION_BASE = 2 ** 42;

function postRow(post: StoredPost) {
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
    raw_topic: post.raw?.topic ?? '',
    raw_partition: post.raw?.partition ?? 0,
    raw_offset: post.raw?.offset ?? '0',
    raw_received_at: post.raw ? clickhouseTime(post.raw.receivedAt) : null,
    version: POST_VERSION_BASE + post.event_time,
  };
}

/**
 * The post's raw payload, under the post's version so the latest state's payload wins, expiring
 * `days` after the record was received: from the data, so a replay writes the same row.
 */
function payloadRow(post: StoredPost, days: number) {
  if (!post.raw) return [];
  const expires = post.raw.receivedAt + days * 86_400_000;
  return [
    {
      source: post.source,
      channel_id: post.channel_id,
      post_id: post.post_id,
      payload: post.raw.payload,
      expires_at: clickhouseSeconds(Math.min(expires, MAX_EXPIRY_MS)),
      version: POST_VERSION_BASE + post.event_time,
    },
  ];
}

/** ClickHouse's DateTime (32-bit seconds) ends in 2106: a later expiry is kept at its end. */
const MAX_EXPIRY_MS = Date.UTC(2106, 0, 1);

function engagementRow(observation: EngagementObservation) {
  return {
    ...observation,
    observed_at: clickhouseTime(observation.observed_at),
    version: observation.observed_at,
  };
}
