/** What a normalizer makes of one raw record, and the helpers samples, seeds and tests use. */
import type { Source } from '../../schemas/channel-key';
import type { EngagementObservation, PostEvent, PostType } from '../../schemas/content-records';
import { textFeatures } from './text-features';

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
