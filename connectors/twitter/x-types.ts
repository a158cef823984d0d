/** The parts of X API v2 objects the connector reads; everything else stays in the kept JSON. */

/** An object X answered, parsed, beside its own JSON (kept whole in the record's payload). */
export interface XItem<T> {
  value: T;
  json: string;
}

export interface XPublicMetrics {
  like_count?: number;
  retweet_count?: number;
  reply_count?: number;
  quote_count?: number;
  bookmark_count?: number;
  impression_count?: number;
}

export interface XPost {
  id: string;
  text: string;
  author_id?: string;
  created_at?: string;
  lang?: string;
  conversation_id?: string;
  referenced_tweets?: { type: string; id: string }[];
  public_metrics?: XPublicMetrics;
  /** Hashtags, mentions, links: kept in the stored JSON for the topologies. */
  entities?: Record<string, unknown>;
  /** A post longer than 280 characters: X cuts `text` short and sends the whole here. */
  note_tweet?: XNoteTweet;
}

/**
 * The whole of a long post (`tweet.fields=note_tweet`): its text and that text's own entities
 * (hashtags, cashtags, mentions, urls, with offsets into this text, not into the cut `text`).
 */
export interface XNoteTweet {
  text: string;
  entities?: Record<string, unknown>;
}

export interface XUser {
  id: string;
  username?: string;
  public_metrics?: { followers_count?: number; following_count?: number; tweet_count?: number };
}
