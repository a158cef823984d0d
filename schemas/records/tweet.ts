export type ObservedVia = 'timeline' | 'search' | 'refresh';

/** The Avro value of `social.twitter.tweets.v1` (schemas/avro/social.twitter.tweets.v1.avsc). */
export interface TweetRecord {
  tweet_id: string;
  author_id: string;
  created_at: number;
  text: string;
  lang: string | null;
  conversation_id: string | null;
  referenced_type: string | null;
  referenced_tweet_id: string | null;
  like_count: number;
  retweet_count: number;
  reply_count: number;
  quote_count: number;
  bookmark_count: number | null;
  impression_count: number | null;
  observed_via: ObservedVia;
  search_query: string | null;
  observed_at: number;
  payload: string;
  /**
   * The referenced post as X included it (`includes.tweets`): its author, whole text and JSON.
   * Null when X did not include it; absent in records written before these fields existed.
   */
  referenced_author_id?: string | null;
  referenced_text?: string | null;
  referenced_payload?: string | null;
}
