import { snowflakeTime } from '../../schemas/x-snowflake';
import type { TweetRecord } from '../../schemas/records/tweet';
import type { PostType } from '../../schemas/content-records';
import type { ContentFacts } from './post-event';
import { emptyCounts } from './post-event';
import { type MarkedSpan, textFeatures } from './text-features';

const POST_TYPES: Record<string, PostType> = { replied_to: 'reply', quoted: 'quote', retweeted: 'repost' };

/**
 * What one observation of an X post says: the post (the same on every observation, so stored once)
 * and its public metrics at the time of reading. A repost's metrics are the original post's (X
 * mirrors them), so a repost carries no engagement of its own: the account would otherwise top
 * its own charts with other people's posts. An edit is a new post id on X's side, listed after the
 * first one in `edit_history_tweet_ids`: it is stored as an edit of that first post (placed at its
 * publication, read from its id), so a post edited twice still counts once.
 */
export function twitterContent(record: TweetRecord): ContentFacts {
  const type = (record.referenced_type && POST_TYPES[record.referenced_type]) || 'post';
  const payload = JSON.parse(record.payload) as XPayload;
  const features = textFeatures(record.text, entitySpans(payload.entities));
  // Every version is refreshed on its own, and only the newest one's metrics are the post's:
  // observations of older versions would make its engagement flip between versions.
  const { original, superseded } = editHistory(record.tweet_id, payload.edit_history_tweet_ids);
  const postId = original ?? record.tweet_id;
  return {
    posts: [
      {
        source: 'twitter',
        channel_id: record.author_id,
        post_id: postId,
        event: original ? 'edited' : 'created',
        event_time: record.created_at,
        posted_at: original ? snowflakeTime(original) : record.created_at,
        post_type: type,
        author_id: record.author_id,
        text: record.text,
        ...features,
        reply_to_post_id: type === 'reply' ? record.referenced_tweet_id : null,
        forwarded_from: null,
        observed_at: record.observed_at,
      },
    ],
    engagement:
      type === 'repost' || superseded
        ? []
        : [
            {
              source: 'twitter',
              channel_id: record.author_id,
              post_id: postId,
              observed_at: record.observed_at,
              origin: 'x_public_metrics',
              ...emptyCounts(),
              replies: record.reply_count,
              views: record.impression_count,
              likes: record.like_count,
              reposts: record.retweet_count,
              quotes: record.quote_count,
              bookmarks: record.bookmark_count,
            },
          ],
  };
}

/**
 * Where this version stands in its post's edit history: `original`, the first version's id, when
 * it is a later one; `superseded` when a later version exists.
 */
function editHistory(id: string, history: unknown): { original?: string; superseded: boolean } {
  if (!Array.isArray(history) || history.length < 2) return { superseded: false };
  const [first] = history as unknown[];
  const original = typeof first === 'string' && /^\d{1,19}$/.test(first) && first !== id ? first : undefined;
  return { original, superseded: history[history.length - 1] !== id };
}

interface XPayload {
  entities?: XEntities;
  edit_history_tweet_ids?: unknown;
}

interface XEntities {
  hashtags?: { tag?: unknown }[];
  mentions?: { username?: unknown }[];
  urls?: { expanded_url?: unknown; url?: unknown }[];
}

/** X's `entities` in the kept JSON; expanded URLs rather than t.co links. */
function entitySpans(entities: XEntities | undefined): MarkedSpan[] | undefined {
  if (!entities) return undefined;
  const spans: MarkedSpan[] = [];
  const add = (kind: MarkedSpan['kind'], value: unknown) => {
    if (typeof value === 'string') spans.push({ kind, value });
  };
  for (const tag of entities.hashtags ?? []) add('hashtag', tag.tag);
  for (const mention of entities.mentions ?? []) add('mention', mention.username);
  for (const url of entities.urls ?? []) add('link', url.expanded_url ?? url.url);
  return spans;
}
