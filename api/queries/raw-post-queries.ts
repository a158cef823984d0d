import { type ClickHouseClient, queryRows } from '../../platform/clients/clickhouse';
import type { ChannelRef } from '../../schemas/channel-key';
import type { RawPostRecord } from '../../schemas/records/raw-post';
import {
  MS,
  POST_COLUMNS,
  POST_SETTINGS,
  type PostAnswer,
  latestEngagement,
  postFromRow,
} from './post-queries';

/**
 * Where the API reads the raw payloads ClickHouse no longer keeps: the lake's raw archive
 * (connectors/lake/raw-archive-reader.ts, handed in by app/).
 */
export interface RawPayloadArchive {
  /**
   * The payload of the post's raw record as JSON text, or null when the archive holds no such
   * record; LAKE_UNAVAILABLE when the lake cannot be listed or read.
   */
  payloadOf(post: RawPostRecord): Promise<string | null>;
}

/** One post, and what ClickHouse knows of its raw record. */
export interface StoredPostAnswer {
  post: PostAnswer;
  /** Where the raw record of the post's latest state was read; undefined for posts stored before that was recorded. */
  raw?: RawPostRecord;
  /** The payload, while ClickHouse keeps it (CLICKHOUSE_RAW_PAYLOAD_DAYS after receipt). */
  payload: string | null;
}

/** The post with its latest engagement, raw record and stored payload; undefined when there is no such post. */
export async function storedPost(
  client: ClickHouseClient,
  database: string,
  channel: ChannelRef,
  postId: string,
): Promise<StoredPostAnswer | undefined> {
  const ofThePost = 'source = {source:String} AND channel_id = {channel:String} AND post_id = {post:String}';
  const rows = await queryRows<Record<string, unknown>>(client, {
    query: `
      SELECT ${POST_COLUMNS}, p.raw_topic AS raw_topic, p.raw_partition AS raw_partition,
             toString(p.raw_offset) AS raw_offset, ${MS('p.raw_received_at')} AS raw_received_at,
             r.payload AS payload
      FROM (SELECT * FROM ${database}.posts FINAL WHERE ${ofThePost}) AS p
      LEFT JOIN (${latestEngagement(database, ofThePost)}) AS e ON e.post_id = p.post_id
      LEFT JOIN (
        SELECT post_id, payload FROM ${database}.post_payloads FINAL WHERE ${ofThePost}
      ) AS r ON r.post_id = p.post_id`,
    query_params: { source: channel.source, channel: channel.channelId, post: postId },
    clickhouse_settings: POST_SETTINGS,
  });
  const row = rows[0];
  if (!row) return undefined;
  const receivedAt = row.raw_received_at;
  return {
    post: postFromRow(row),
    raw:
      receivedAt === null || receivedAt === undefined || row.raw_topic === ''
        ? undefined
        : {
            source: channel.source,
            channelId: channel.channelId,
            postId,
            topic: String(row.raw_topic),
            partition: Number(row.raw_partition),
            offset: String(row.raw_offset),
            receivedAt: Number(receivedAt),
          },
    payload: typeof row.payload === 'string' ? row.payload : null,
  };
}
