import { snowflakeTime } from '../../schemas/x-snowflake';
import type { TweetRecord } from '../../schemas/records/tweet';
import { recordPayload } from '../../schemas/records/record-payload';
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
 * publication, read from its id), so a post edited twice still counts once. Text features come from
 * the whole text (a long post's `note_tweet`); a repost reads as its original, whose account it
 * names in `forwarded_from`.
 */
export function twitterContent(record: TweetRecord): ContentFacts {
  const type = (record.referenced_type && POST_TYPES[record.referenced_type]) || 'post';
  const payload = recordPayload(record) as XPayload;
  const { text, spans } = (type === 'repost' && repostText(record)) || ownText(record.text, payload);
  const features = textFeatures(text, spans);
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
        text,
        ...features,
        reply_to_post_id: type === 'reply' ? record.referenced_tweet_id : null,
        forwarded_from:
          type === 'repost' && record.referenced_author_id ? `twitter:${record.referenced_author_id}` : null,
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
  note_tweet?: { text?: unknown; entities?: XEntities };
  edit_history_tweet_ids?: unknown;
}

interface PostText {
  text: string;
  spans: MarkedSpan[] | undefined;
}

/**
 * A post's whole text and its marked spans. A post longer than 280 characters has them in
 * `note_tweet`: its `entities` cover only the cut `text`, so later hashtags and mentions are there
 * alone. Records read before the poller asked for note_tweet have only `text`.
 */
function ownText(text: string, payload: XPayload): PostText {
  const note = payload.note_tweet;
  if (typeof note?.text === 'string') return { text: note.text, spans: entitySpans(note.entities) };
  return { text, spans: entitySpans(payload.entities) };
}

const REPOST_PREFIX = /^RT @([A-Za-z0-9_]{1,15}): /;

/**
 * A repost read whole: "RT @name: " as X begins a repost's text, then the original's whole text,
 * with the reposted account's mention and the original's spans (X cuts a repost's own `text`
 * short). Null when the record carries no original (X did not include it, or the record predates
 * the field): the repost's own text is all there is.
 */
function repostText(record: TweetRecord): PostText | null {
  if (typeof record.referenced_text !== 'string') return null;
  const original = ownText(record.referenced_text, JSON.parse(record.referenced_payload ?? '{}') as XPayload);
  const prefix = REPOST_PREFIX.exec(record.text);
  if (!prefix) return original;
  const mention: MarkedSpan = { kind: 'mention', value: prefix[1]! };
  return { text: `${prefix[0]}${original.text}`, spans: [mention, ...(original.spans ?? [])] };
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
