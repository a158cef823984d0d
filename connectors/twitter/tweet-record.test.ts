import { AppError } from '../../platform/errors';
import { SAMPLE_X_ACCOUNTS, sampleXPosts } from '../replay/sample-twitter';
import { snowflakeAt } from '../../schemas/x-snowflake';
import { toTweetRecord, tweetKey } from './tweet-record';
import {
  LONG_TEXT,
  includedLongPost,
  longPost,
  quoteOfLongPost,
  repostOfLongPost,
} from './long-post.fixture';

describe('toTweetRecord', () => {
  const observedAt = new Date('2026-11-25T12:00:00Z');
  const post = {
    id: '1861000000000000001',
    text: 'windowed joins in practice #kafka',
    author_id: '42',
    created_at: '2026-11-25T11:00:00.000Z',
    lang: 'en',
    conversation_id: '1861000000000000000',
    referenced_tweets: [{ type: 'replied_to', id: '1861000000000000000' }],
    public_metrics: {
      like_count: 7,
      retweet_count: 2,
      reply_count: 1,
      quote_count: 0,
      impression_count: 930,
    },
  };

  it('keeps the typed fields, the metrics as observed, and the JSON; keyed by author', () => {
    const record = toTweetRecord(post, JSON.stringify(post), { via: 'timeline', observedAt });
    expect(record).toEqual({
      tweet_id: post.id,
      author_id: '42',
      created_at: Date.parse(post.created_at),
      text: post.text,
      lang: 'en',
      conversation_id: post.conversation_id,
      referenced_type: 'replied_to',
      referenced_tweet_id: '1861000000000000000',
      like_count: 7,
      retweet_count: 2,
      reply_count: 1,
      quote_count: 0,
      bookmark_count: null,
      impression_count: 930,
      observed_via: 'timeline',
      search_query: null,
      observed_at: observedAt.getTime(),
      payload: JSON.stringify(post),
      referenced_author_id: null, // X included no original
      referenced_text: null,
      referenced_payload: null,
    });
    expect(tweetKey(record)).toBe('twitter:42');
  });

  it('keeps the post replied to when a reply also quotes, whatever the order X lists them in', () => {
    const quotingReply = {
      ...post,
      referenced_tweets: [
        { type: 'quoted', id: '1860000000000000009' },
        { type: 'replied_to', id: '1861000000000000000' },
      ],
    };
    const record = toTweetRecord(quotingReply, '{}', { via: 'timeline', observedAt });
    expect([record.referenced_type, record.referenced_tweet_id]).toEqual([
      'replied_to',
      '1861000000000000000',
    ]);
    const quote = { ...post, referenced_tweets: [{ type: 'quoted', id: '1860000000000000009' }] };
    expect(toTweetRecord(quote, '{}', { via: 'timeline', observedAt }).referenced_type).toBe('quoted');
  });

  it('names the query for posts found by search, and only for those', () => {
    expect(toTweetRecord(post, '{}', { via: 'search', query: '#kafka', observedAt }).search_query).toBe(
      '#kafka',
    );
    expect(
      toTweetRecord(post, '{}', { via: 'refresh', query: '#kafka', observedAt }).search_query,
    ).toBeNull();
  });

  it('refuses a post it cannot key or place in time with VALIDATION_FAILED', () => {
    for (const bad of [
      { ...post, author_id: undefined },
      { ...post, created_at: 'yesterday' },
    ]) {
      expect(() => toTweetRecord(bad, '{}', { via: 'timeline', observedAt })).toThrow(AppError);
    }
  });
});

describe('long posts, quotes and reposts as X sends them', () => {
  const seen = { via: 'timeline' as const, observedAt: new Date('2026-11-25T12:00:00Z') };

  it('stores the whole text of a post longer than 280 characters (note_tweet), not the cut one', () => {
    expect([...LONG_TEXT]).toHaveLength(600);
    expect(longPost.text).toHaveLength(280); // what X puts in `text`
    const record = toTweetRecord(longPost, JSON.stringify(longPost), seen);
    expect(record.text).toBe(LONG_TEXT);
    expect(JSON.parse(record.payload).note_tweet.text).toBe(LONG_TEXT);
  });

  it("carries a quote's and a repost's original as X included it: author, whole text and JSON", () => {
    for (const post of [quoteOfLongPost, repostOfLongPost]) {
      const record = toTweetRecord(post, JSON.stringify(post), seen, includedLongPost);
      expect(record).toMatchObject({
        referenced_tweet_id: longPost.id,
        referenced_author_id: longPost.author_id,
        referenced_text: LONG_TEXT,
      });
      expect(JSON.parse(record.referenced_payload!)).toEqual(longPost);
    }
    expect(toTweetRecord(quoteOfLongPost, '{}', seen)).toMatchObject({
      referenced_author_id: null, // X left the original out (deleted, or not asked for)
      referenced_text: null,
      referenced_payload: null,
    });
    expect(toTweetRecord(longPost, '{}', seen, includedLongPost).referenced_text).toBeNull();
  });
});

describe('the X sample dataset', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  const posts = sampleXPosts(now);

  it('is the same for the same seed, with snowflake ids in time order', () => {
    expect(sampleXPosts(now)).toEqual(posts);
    const ids = posts.map((p) => BigInt(p.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
    expect(BigInt(snowflakeAt(now))).toBeGreaterThan(ids.at(-1)!);
  });

  it('gives every sample account posts of each kind, each a valid record', () => {
    const records = posts.map((p) =>
      toTweetRecord(p, JSON.stringify(p), { via: 'timeline', observedAt: new Date(now) }),
    );
    expect(new Set(records.map((r) => r.author_id))).toEqual(new Set(SAMPLE_X_ACCOUNTS.map((a) => a.id)));
    expect(new Set(records.map((r) => r.referenced_type))).toEqual(
      new Set([null, 'replied_to', 'quoted', 'retweeted']),
    );
    expect(Math.min(...records.map((r) => r.created_at))).toBeGreaterThanOrEqual(now - 2 * 3_600_000);
    expect(records.every((r) => r.impression_count! >= r.like_count)).toBe(true);
  });

  it('holds long posts with note_tweet, and quotes and reposts of them carrying their whole text', () => {
    const included = new Map(posts.map((p) => [p.id, { value: p, json: JSON.stringify(p) }]));
    const long = posts.filter((p) => p.note_tweet !== undefined);
    expect(long.length).toBeGreaterThan(0);
    expect(long.every((p) => [...p.text].length === 280 && [...p.note_tweet!.text].length > 280)).toBe(true);
    const ofLong = posts
      .map((p) =>
        toTweetRecord(p, JSON.stringify(p), { via: 'timeline', observedAt: new Date(now) }, included),
      )
      .filter((r) => long.some((p) => p.id === r.referenced_tweet_id));
    expect(new Set(ofLong.map((r) => r.referenced_type))).toEqual(new Set(['quoted', 'retweeted']));
    expect(ofLong.every((r) => long.some((p) => p.note_tweet!.text === r.referenced_text))).toBe(true);
  });
});
