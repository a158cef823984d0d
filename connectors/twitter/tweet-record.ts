import type { ObservedVia, TweetRecord } from '../../schemas/records/tweet';
import { AppError } from '../../platform/errors';
import type { XItem, XPost } from './x-types';

export interface Observation {
  via: ObservedVia;
  /** The tracked query, for posts found by search. */
  query?: string;
  observedAt: Date;
}

/**
 * One observed post as the topic stores it: its whole text (a post longer than 280 characters
 * comes cut short in `text` and whole in `note_tweet`), and the post it references as X included
 * it (`included`, from `includes.tweets`), so a quote or repost carries its original's text. A
 * post X returned without an author or a valid `created_at` cannot be keyed or placed in time:
 * VALIDATION_FAILED, for the dead-letter topic.
 */
export function toTweetRecord(
  post: XPost,
  json: string,
  seen: Observation,
  included: ReadonlyMap<string, XItem<XPost>> = new Map(),
): TweetRecord {
  const createdAt = Date.parse(post.created_at ?? '');
  if (typeof post.id !== 'string' || typeof post.author_id !== 'string' || Number.isNaN(createdAt)) {
    throw new AppError('VALIDATION_FAILED', 'an X post needs id, author_id and a valid created_at', {
      details: { id: post.id ?? null },
    });
  }
  const metrics = post.public_metrics ?? {};
  const reference = mainReference(post.referenced_tweets);
  const original = reference && included.get(reference.id);
  return {
    tweet_id: post.id,
    author_id: post.author_id,
    created_at: createdAt,
    text: wholeText(post),
    lang: post.lang ?? null,
    conversation_id: post.conversation_id ?? null,
    referenced_type: reference?.type ?? null,
    referenced_tweet_id: reference?.id ?? null,
    like_count: metrics.like_count ?? 0,
    retweet_count: metrics.retweet_count ?? 0,
    reply_count: metrics.reply_count ?? 0,
    quote_count: metrics.quote_count ?? 0,
    bookmark_count: metrics.bookmark_count ?? null,
    impression_count: metrics.impression_count ?? null,
    observed_via: seen.via,
    search_query: seen.via === 'search' ? (seen.query ?? null) : null,
    observed_at: seen.observedAt.getTime(),
    payload: json,
    referenced_author_id: original?.value.author_id ?? null,
    referenced_text: original ? wholeText(original.value) : null,
    referenced_payload: original?.json ?? null,
  };
}

function wholeText(post: XPost): string {
  return post.note_tweet?.text ?? post.text ?? '';
}

/**
 * The one reference the topic keeps when X gives several: a repost's original, else the post
 * replied to, else the one quoted. A reply that quotes is a reply (it sits in a conversation), and
 * X lists references in no promised order.
 */
function mainReference(references: XPost['referenced_tweets']): { type: string; id: string } | undefined {
  for (const type of ['retweeted', 'replied_to', 'quoted']) {
    const reference = references?.find((candidate) => candidate.type === type);
    if (reference) return reference;
  }
  return references?.[0];
}

/** Posts of one account share a partition (DESIGN.md §3). */
export function tweetKey(record: Pick<TweetRecord, 'author_id'>): string {
  return `twitter:${record.author_id}`;
}
