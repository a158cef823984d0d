import { type ClickHouseClient, clickhouseTime, queryRows } from '../../platform/clients/clickhouse';
import type { ChannelRef } from '../../schemas/channel-key';
import type { Period } from './period';

/** What a post answer shows: the post, and its latest engagement (null where the source gives none). */
export interface PostAnswer {
  post_id: string;
  posted_at: string;
  edited_at: string | null;
  post_type: string;
  text: string;
  hashtags: string[];
  mentions: string[];
  links: string[];
  /** The latest counts, null where the source gives none. */
  engagement: { interactions: number; observed_at: string | null } & Record<EngagementCount, number | null>;
}

/** The counts a post can be ranked by, besides interactions. */
const RANKABLE = ['reactions', 'replies', 'forwards', 'views', 'likes', 'reposts', 'quotes'] as const;
export const ENGAGEMENT_SORTS = ['interactions', ...RANKABLE] as const;
export type EngagementSort = (typeof ENGAGEMENT_SORTS)[number];

/** The engagement counts a post answer shows. */
const COUNTS = [...RANKABLE, 'bookmarks'] as const;
type EngagementCount = (typeof COUNTS)[number];

/** Epoch milliseconds, made ISO 8601 here (ClickHouse's `%f` prints a DateTime64(3) in microseconds). */
export const MS = (column: string) => `toUnixTimestamp64Milli(${column})`;

/**
 * Interactions: reactions + replies + forwards + likes + reposts + quotes, each as the source last
 * reported it (unknown counts add nothing). Views and bookmarks are not interactions.
 */
const INTERACTIONS = `coalesce(e.reactions, 0) + coalesce(e.replies, 0) + coalesce(e.forwards, 0)
  + coalesce(e.likes, 0) + coalesce(e.reposts, 0) + coalesce(e.quotes, 0)`;

/**
 * The columns `postFromRow` reads, from posts aliased `p` joined with `latestEngagement` aliased
 * `e` (run with POST_SETTINGS): every post query selects these, so every post answer reads alike.
 */
export const POST_COLUMNS = `p.post_id AS post_id, ${MS('p.posted_at')} AS posted_at,
  ${MS('p.edited_at')} AS edited_at, p.post_type AS post_type, p.text AS text, p.hashtags AS hashtags,
  p.mentions AS mentions, p.links AS links, ${COUNTS.map((count) => `e.${count} AS ${count}`).join(', ')},
  ${MS('e.observed_at')} AS observed_at, toUInt64(${INTERACTIONS}) AS interactions`;

/**
 * Each post's latest engagement, per `keys` (the post id, and whatever else tells posts apart),
 * over the `post_engagement` rows that `where` (fixed SQL, values as parameters) selects.
 */
export function latestEngagement(database: string, where: string, keys = 'post_id'): string {
  return `
    SELECT ${keys}, ${COUNTS.map((count) => `sum(${count}) AS ${count}`).join(', ')},
           max(observed_at) AS observed_at
    FROM ${database}.post_engagement FINAL
    WHERE ${where}
    GROUP BY ${keys}`;
}

/** Settings of a query that selects POST_COLUMNS: a post without engagement joins nulls, not zeros. */
export const POST_SETTINGS = { join_use_nulls: 1, output_format_json_quote_64bit_integers: 0 } as const;

/**
 * Posts of one channel published in a period, joined with their latest engagement; `order` is
 * fixed SQL chosen by the caller's code (never request text).
 */
async function selectPosts(
  client: ClickHouseClient,
  database: string,
  channel: ChannelRef,
  period: Period,
  shape: { order: string; limit: number },
): Promise<PostAnswer[]> {
  const rows = await queryRows<Record<string, unknown>>(client, {
    query: `
      SELECT ${POST_COLUMNS}
      FROM (
        SELECT * FROM ${database}.posts FINAL
        WHERE source = {source:String} AND channel_id = {channel:String}
          AND posted_at >= {from:DateTime64(3, 'UTC')} AND posted_at < {to:DateTime64(3, 'UTC')}
      ) AS p
      LEFT JOIN (${latestEngagement(database, 'source = {source:String} AND channel_id = {channel:String}')}) AS e
        ON e.post_id = p.post_id
      ORDER BY ${shape.order}
      LIMIT {limit:UInt32}`,
    query_params: {
      source: channel.source,
      channel: channel.channelId,
      from: clickhouseTime(period.from),
      to: clickhouseTime(period.to),
      limit: shape.limit,
    },
    clickhouse_settings: POST_SETTINGS,
  });
  return rows.map(postFromRow);
}

/** A post answer from a row that selects POST_COLUMNS. */
export function postFromRow(row: Record<string, unknown>): PostAnswer {
  return {
    post_id: String(row.post_id),
    posted_at: isoTime(row.posted_at)!,
    edited_at: isoTime(row.edited_at),
    post_type: String(row.post_type),
    text: String(row.text),
    hashtags: row.hashtags as string[],
    mentions: row.mentions as string[],
    links: row.links as string[],
    engagement: {
      interactions: Number(row.interactions),
      ...(Object.fromEntries(COUNTS.map((count) => [count, nullableNumber(row[count])])) as Record<
        EngagementCount,
        number | null
      >),
      observed_at: isoTime(row.observed_at),
    },
  };
}

/** The channel's most engaging posts of a period, by one count (ties: the newest first). */
export function topPosts(
  client: ClickHouseClient,
  database: string,
  channel: ChannelRef,
  period: Period,
  sort: EngagementSort,
  limit: number,
): Promise<PostAnswer[]> {
  const by = sort === 'interactions' ? 'interactions' : `e.${sort}`;
  return selectPosts(client, database, channel, period, {
    order: `${by} DESC NULLS LAST, p.posted_at DESC, p.post_id`,
    limit,
  });
}

/** Every post of a period, oldest first, for exports. */
export function allPosts(
  client: ClickHouseClient,
  database: string,
  channel: ChannelRef,
  period: Period,
  limit: number,
): Promise<PostAnswer[]> {
  return selectPosts(client, database, channel, period, { order: 'p.posted_at, p.post_id', limit });
}

function isoTime(value: unknown): string | null {
  return value === null || value === undefined ? null : new Date(Number(value)).toISOString();
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
