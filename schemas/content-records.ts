/**
 * The normalized shapes every source is turned into: the values of `social.posts.v1` and
 * `social.engagement.v1` (schemas/avro/*.avsc; the field docs there are the contract). The
 * processors write them and the ClickHouse sink reads them, so they live with the contracts.
 */
import type { Source } from './channel-key';
import type { ChannelStatsSample } from './records/channel-stats';
import type { RawRecordLocation } from './records/raw-post';

export type PostEventKind = 'created' | 'edited' | 'deleted';
export type PostType = 'channel_post' | 'message' | 'post' | 'reply' | 'quote' | 'repost';

export interface PostEvent {
  source: Source;
  channel_id: string;
  post_id: string;
  event: PostEventKind;
  /** Epoch ms: publication for created, the edit for edited. */
  event_time: number;
  /** Epoch ms of the original publication (not in the topic: the sink needs it to place edits). */
  posted_at: number;
  post_type: PostType;
  author_id: string | null;
  text: string | null;
  length: number;
  hashtags: string[];
  mentions: string[];
  links: string[];
  reply_to_post_id: string | null;
  forwarded_from: string | null;
  observed_at: number;
}

export type EngagementOrigin =
  'telegram_reaction_count' | 'telegram_reactions' | 'telegram_replies' | 'x_public_metrics';

export interface EngagementObservation {
  source: Source;
  channel_id: string;
  post_id: string;
  /** Epoch ms when the counts were true. */
  observed_at: number;
  origin: EngagementOrigin;
  reactions: number | null;
  reaction_breakdown: Record<string, number>;
  replies: number | null;
  forwards: number | null;
  views: number | null;
  likes: number | null;
  reposts: number | null;
  quotes: number | null;
  bookmarks: number | null;
}

/**
 * Where a post's raw record was read and what it said (schemas/records/raw-post.ts): the payload
 * is the Telegram message object or the X post as received, as JSON.
 */
export interface RawPostOrigin extends RawRecordLocation {
  readonly payload: string;
}

/** A post as the content sink stores it: with its raw record, when the topology knows it. */
export type StoredPost = PostEvent & { readonly raw?: RawPostOrigin };

/** What the processors write to the content tables at one commit. */
export interface ContentBatch {
  posts: StoredPost[];
  engagement: EngagementObservation[];
  samples: ChannelStatsSample[];
}
