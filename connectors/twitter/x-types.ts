/** The parts of X API v2 objects the connector reads; everything else stays in the kept JSON. */
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
}

export interface XUser {
  id: string;
  username?: string;
  public_metrics?: { followers_count?: number; following_count?: number; tweet_count?: number };
}
