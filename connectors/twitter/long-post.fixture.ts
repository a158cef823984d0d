import { snowflakeAt } from '../../schemas/x-snowflake';
import { SAMPLE_X_ACCOUNTS } from '../replay/sample-twitter';
import { xPost, xRepost } from '../replay/x-post-shapes';
import type { XItem, XPost } from './x-types';

/** For tests: a 600-character post, a quote and a repost of it, in the shapes X sends them. */
const AUTHOR = SAMPLE_X_ACCOUNTS[0]!;
const READER = SAMPLE_X_ACCOUNTS[2]!;
const AT = Date.parse('2026-11-25T11:00:00Z');
const HEAD = 'A long read on #kafka sinks. ';
const FILLER = 'Transactions, fencing and idempotent writes keep every row exactly once. ';
// The last hashtag, mention and link sit past character 280: only note_tweet's entities hold them.
const TAIL = ' Reviewed by @clickhouse_tips #exactlyonce https://t.co/Ab12Cd34';

export const LONG_TEXT = (HEAD + FILLER.repeat(8)).slice(0, 600 - TAIL.length) + TAIL;
export const LONG_LINK = 'https://kafka.example.com/long-read';

export const longPost: XPost = xPost({
  id: snowflakeAt(AT),
  author_id: AUTHOR.id,
  created_at: new Date(AT).toISOString(),
  lang: 'en',
  public_metrics: { like_count: 40, retweet_count: 6, reply_count: 2, quote_count: 1 },
  text: LONG_TEXT,
  link: LONG_LINK,
  known: SAMPLE_X_ACCOUNTS,
});

export const quoteOfLongPost: XPost = xPost({
  id: snowflakeAt(AT + 60_000),
  author_id: READER.id,
  created_at: new Date(AT + 60_000).toISOString(),
  lang: 'en',
  public_metrics: { like_count: 3, retweet_count: 0, reply_count: 0, quote_count: 0 },
  text: 'Worth reading twice #streaming',
  referenced_tweets: [{ type: 'quoted', id: longPost.id }],
});

export const repostOfLongPost: XPost = xRepost(longPost, AUTHOR.username!, {
  id: snowflakeAt(AT + 120_000),
  author_id: READER.id,
  created_at: new Date(AT + 120_000).toISOString(),
  public_metrics: { like_count: 40, retweet_count: 6, reply_count: 2, quote_count: 1 },
  known: SAMPLE_X_ACCOUNTS,
});

/** The long post as X includes it beside a quote or repost of it (`includes.tweets`). */
export const includedLongPost: ReadonlyMap<string, XItem<XPost>> = new Map([
  [longPost.id, { value: longPost, json: JSON.stringify(longPost) }],
]);
