/**
 * The normalized shapes every source is turned into: the values of `social.posts.v1` and
 * `social.engagement.v1` (schemas/avro/*.avsc; the field docs there are the contract). The
 * processors write them and the ClickHouse sink reads them, so they live with the contracts.
 */
import type { Source } from './channel-key';
import type { ChannelStatsSample } from './records/channel-stats';

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

/** What the processors write to the content tables at one commit. */
export interface ContentBatch {
  posts: PostEvent[];
  engagement: EngagementObservation[];
  samples: ChannelStatsSample[];
}
