/**
 * The normalized shapes every source is turned into: the values of `social.posts.v1` and
 * `social.engagement.v1` (schemas/avro/*.avsc; the field docs there are the contract).
 */
import type { Source } from '../../schemas/channel-key';
import { textFeatures } from './text-features';

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

/** What one raw record says about posts and their engagement. */
export interface ContentFacts {
  posts: PostEvent[];
  engagement: EngagementObservation[];
}

export const NO_FACTS: ContentFacts = Object.freeze({ posts: [], engagement: [] }) as ContentFacts;

/** An observation with every count unknown, to fill in what the source gives. */
export function emptyCounts(): Omit<
  EngagementObservation,
  'source' | 'channel_id' | 'post_id' | 'observed_at' | 'origin'
> {
  return {
    reactions: null,
    reaction_breakdown: {},
    replies: null,
    forwards: null,
    views: null,
    likes: null,
    reposts: null,
    quotes: null,
    bookmarks: null,
  };
}

/** A new post with the features of its text: how samples, seeds and tests make one. */
export function createdPost(post: {
  source: Source;
  channel_id: string;
  post_id: string;
  posted_at: Date;
  text: string;
  post_type?: PostType;
}): PostEvent {
  const time = post.posted_at.getTime();
  return {
    source: post.source,
    channel_id: post.channel_id,
    post_id: post.post_id,
    event: 'created',
    event_time: time,
    posted_at: time,
    post_type: post.post_type ?? (post.source === 'telegram' ? 'channel_post' : 'post'),
    author_id: null,
    text: post.text,
    ...textFeatures(post.text),
    reply_to_post_id: null,
    forwarded_from: null,
    observed_at: time,
  };
}
