import type { TelegramUpdateRecord } from '../connectors/telegram/update-record';
import type { TweetRecord } from '../connectors/twitter/tweet-record';
import { type KStream, type Serde, Serdes, StreamsBuilder, type Topology } from './engine';
import type { ContentFacts, EngagementObservation, PostEvent } from './content/post-event';
import { telegramContent } from './content/telegram-content';
import { twitterContent } from './content/twitter-content';
import { dropDuplicates, seenIdsStore } from './processors/drop-duplicates';

/** A `social.posts.v1` value: a post event as the topic carries it (without the sink's `posted_at`). */
export type PostEventRecord = Omit<PostEvent, 'posted_at'>;

/** Broker-side names of the topics the content topology reads and writes. */
export interface ContentTopics {
  readonly telegramUpdates: string;
  readonly twitterTweets: string;
  readonly posts: string;
  readonly engagement: string;
}

export interface ContentSerdes {
  readonly telegramUpdate: Serde<TelegramUpdateRecord>;
  readonly tweet: Serde<TweetRecord>;
  readonly post: Serde<PostEventRecord>;
  readonly engagement: Serde<EngagementObservation>;
}

/**
 * How long an id is remembered to drop its redeliveries, in stream time. Telegram retries an
 * unanswered webhook for up to a day, and X shows a post again on every poll of a 7-day search.
 */
export const DEDUPLICATION_WINDOW_MS = 7 * 24 * 3_600_000;

type Fact = { readonly post: PostEvent } | { readonly engagement: EngagementObservation };

const asFacts = (found: ContentFacts): Fact[] => [
  ...found.posts.map((post) => ({ post })),
  ...found.engagement.map((engagement) => ({ engagement })),
];

/**
 * content: raw Telegram updates and X observations, normalized into post events
 * (`social.posts.v1`) and engagement observations (`social.engagement.v1`), keyed by channel as
 * their inputs are, so nothing is repartitioned. A redelivered update and a post seen again on the
 * next poll are dropped through stores, not left to the sinks.
 */
export function contentTopology(topics: ContentTopics, serdes: ContentSerdes): Topology {
  const builder = new StreamsBuilder();
  builder.addStateStore(seenIdsStore('telegram-update-ids', DEDUPLICATION_WINDOW_MS));
  builder.addStateStore(seenIdsStore('post-event-ids', DEDUPLICATION_WINDOW_MS));
  builder.addStateStore(seenIdsStore('engagement-ids', DEDUPLICATION_WINDOW_MS));

  const telegram = builder
    .stream<string, TelegramUpdateRecord>(topics.telegramUpdates, {
      keySerde: Serdes.string(),
      valueSerde: serdes.telegramUpdate,
      timestampExtractor: (record) => record.value.event_time,
    })
    .process(
      dropDuplicates<string, TelegramUpdateRecord>(
        'telegram-update-ids',
        (update) => String(update.update_id),
        (update) => update.event_time,
      ),
      'telegram-update-ids',
    )
    .flatMapValues((update) => asFacts(telegramContent(update)));
  const twitter = builder
    .stream<string, TweetRecord>(topics.twitterTweets, {
      keySerde: Serdes.string(),
      valueSerde: serdes.tweet,
      timestampExtractor: (record) => record.value.observed_at,
    })
    .flatMapValues((tweet) => asFacts(twitterContent(tweet)));
  const facts: KStream<string, Fact> = telegram.merge(twitter);

  facts
    .flatMapValues((fact) => ('post' in fact ? [fact.post] : []))
    .process(
      dropDuplicates<string, PostEvent>(
        'post-event-ids',
        (post) => `${post.source}:${post.channel_id}:${post.post_id}:${post.event}`,
        (post) => post.event_time,
      ),
      'post-event-ids',
    )
    .mapValues(({ posted_at: _postedAt, ...record }): PostEventRecord => record)
    .to(topics.posts, { keySerde: Serdes.string(), valueSerde: serdes.post });
  facts
    .flatMapValues((fact) => ('engagement' in fact ? [fact.engagement] : []))
    .process(
      dropDuplicates<string, EngagementObservation>(
        'engagement-ids',
        (seen) => `${seen.source}:${seen.channel_id}:${seen.post_id}:${seen.origin}`,
        (seen) => seen.observed_at,
      ),
      'engagement-ids',
    )
    .to(topics.engagement, { keySerde: Serdes.string(), valueSerde: serdes.engagement });
  return builder.build();
}
