import type { TelegramUpdateRecord } from '../schemas/records/telegram-update';
import type { TweetRecord } from '../schemas/records/tweet';
import { AppError } from '../platform/errors';
import type { Source } from '../schemas/channel-key';
import { rawPostPayload } from '../schemas/records/raw-post';
import { type KStream, type Serde, Serdes, StreamsBuilder, type Topology } from './engine';
import type { EngagementObservation, PostEvent } from '../schemas/content-records';
import type { ContentFacts } from './content/post-event';
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
 * A post's raw payload (the Telegram message object, the X post as received) and when its record
 * was received: the content sink stores both with the post, and where the record was read, so the
 * API can answer the original message (docs/lake.md, "Reading a raw message back").
 */
export interface RawPayload {
  readonly payload: string;
  readonly receivedAt: number;
}

/** What one raw record says, one fact at a time. */
export type Fact =
  { readonly post: PostEvent; readonly raw?: RawPayload } | { readonly engagement: EngagementObservation };

/** The content topology's streams, for the sinks and other topologies built on it. */
export interface ContentStreams {
  /** Telegram updates, each once (redeliveries dropped). */
  readonly telegramUpdates: KStream<string, TelegramUpdateRecord>;
  /** Post events and engagement observations of both sources, each once, keyed by channel. */
  readonly facts: KStream<string, Fact>;
}

/**
 * How long an id is remembered to drop its redeliveries, in stream time. Telegram retries an
 * unanswered webhook for up to a day, and X shows a post again on every poll of a 7-day search.
 */
export const DEDUPLICATION_WINDOW_MS = 7 * 24 * 3_600_000;

/** Latest time a fact may carry: ClickHouse's DateTime64(3) and JavaScript dates both hold it. */
const MAX_TIME_MS = Date.UTC(2200, 0, 1);

/**
 * What a normalizer reads of one record, as facts. A record it cannot read, or with a time out of
 * range, is refused whole as VALIDATION_FAILED: the engine dead-letters it with the reason.
 */
function readFacts<T>(
  normalize: (record: T) => ContentFacts,
  rawOf: (record: T) => RawPayload | undefined,
): (record: T) => Fact[] {
  return (record) => {
    let found: ContentFacts;
    try {
      found = normalize(record);
    } catch (error) {
      throw new AppError('VALIDATION_FAILED', `record cannot be read: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return asFacts(found, found.posts.length > 0 ? rawOf(record) : undefined);
  };
}

function asFacts(found: ContentFacts, raw: RawPayload | undefined): Fact[] {
  const times = [
    ...found.posts.flatMap((post) => [post.posted_at, post.event_time, post.observed_at]),
    ...found.engagement.map((observation) => observation.observed_at),
  ];
  if (times.some((time) => !Number.isFinite(time) || time < 0 || time > MAX_TIME_MS)) {
    throw new AppError('VALIDATION_FAILED', 'a time is out of range');
  }
  return [
    ...found.posts.map((post) => (raw ? { post, raw } : { post })),
    ...found.engagement.map((engagement) => ({ engagement })),
  ];
}

/**
 * content: raw Telegram updates and X observations, normalized into post events
 * (`social.posts.v1`) and engagement observations (`social.engagement.v1`), keyed by channel as
 * their inputs are, so nothing is repartitioned. A redelivered update and a post seen again on the
 * next poll are dropped through stores, not left to the sinks.
 */
export function addContent(
  builder: StreamsBuilder,
  topics: ContentTopics,
  serdes: ContentSerdes,
): ContentStreams {
  for (const store of ['telegram-update-ids', 'post-event-ids']) {
    builder.addStateStore(seenIdsStore(store, DEDUPLICATION_WINDOW_MS));
  }
  const telegramUpdates = builder
    .stream<string, TelegramUpdateRecord>(topics.telegramUpdates, {
      keySerde: Serdes.string(),
      valueSerde: serdes.telegramUpdate,
      timestampExtractor: (record) => record.value.event_time,
    })
    .processValues(
      dropDuplicates<string, TelegramUpdateRecord>(
        'telegram-update-ids',
        (update) => String(update.update_id),
        (update) => update.event_time,
      ),
      'telegram-update-ids',
    );
  const twitter = builder
    .stream<string, TweetRecord>(topics.twitterTweets, {
      keySerde: Serdes.string(),
      valueSerde: serdes.tweet,
      timestampExtractor: (record) => record.value.observed_at,
    })
    .flatMapValues(readFacts(twitterContent, rawOfTweet), { name: 'normalize-x' });
  const facts = telegramUpdates
    .flatMapValues(readFacts(telegramContent, rawOfUpdate), { name: 'normalize-telegram' })
    .merge(twitter, { name: 'facts' })
    .processValues(
      dropDuplicates<string, Fact>('post-event-ids', postEventId, (fact) =>
        'post' in fact ? fact.post.event_time : fact.engagement.observed_at,
      ),
      'post-event-ids',
    );

  facts
    .flatMapValues((fact) => ('post' in fact ? [fact.post] : []), { name: 'post-events' })
    .mapValues(({ posted_at: _postedAt, ...record }): PostEventRecord => record, { name: 'as-topic-record' })
    .to(topics.posts, { keySerde: Serdes.string(), valueSerde: serdes.post, name: 'social.posts.v1' });
  facts
    .flatMapValues((fact) => ('engagement' in fact ? [fact.engagement] : []), {
      name: 'engagement-observations',
    })
    .to(topics.engagement, {
      keySerde: Serdes.string(),
      valueSerde: serdes.engagement,
      name: 'social.engagement.v1',
    });
  return { telegramUpdates, facts };
}

/** A record's raw payload (schemas/records/raw-post.ts) with the time its connector received it. */
function rawPayload<T>(source: Source, receivedAt: (record: T) => number) {
  return (record: T): RawPayload | undefined => {
    const payload = rawPostPayload(source, record);
    return payload === null ? undefined : { payload, receivedAt: receivedAt(record) };
  };
}
const rawOfTweet = rawPayload<TweetRecord>('twitter', (tweet) => tweet.observed_at);
const rawOfUpdate = rawPayload<TelegramUpdateRecord>('telegram', (update) => update.received_at);

/** One id per post event (a post's creation, each edit) and per engagement observation. */
function postEventId(fact: Fact): string {
  if ('post' in fact) {
    const { source, channel_id, post_id, event } = fact.post;
    return `post:${source}:${channel_id}:${post_id}:${event}`;
  }
  const { source, channel_id, post_id, origin } = fact.engagement;
  return `engagement:${source}:${channel_id}:${post_id}:${origin}`;
}

/** The content topology alone (its topics only), as `describe()` and the tests see it. */
export function contentTopology(topics: ContentTopics, serdes: ContentSerdes): Topology {
  const builder = new StreamsBuilder();
  addContent(builder, topics, serdes);
  return builder.build();
}
