import type { TweetRecord } from './tweet';

/** For tests: a stored observation of X post 1900 by account 77, with `overrides`. */
export function tweetRecord(overrides: Partial<TweetRecord> = {}): TweetRecord {
  return {
    tweet_id: '1900',
    author_id: '77',
    created_at: 1_767_261_600_000,
    text: 'hello',
    lang: 'en',
    conversation_id: '1900',
    referenced_type: null,
    referenced_tweet_id: null,
    like_count: 0,
    retweet_count: 0,
    reply_count: 0,
    quote_count: 0,
    bookmark_count: null,
    impression_count: null,
    observed_via: 'timeline',
    search_query: null,
    observed_at: 1_767_261_660_000,
    payload: '{}',
    ...overrides,
  };
}
