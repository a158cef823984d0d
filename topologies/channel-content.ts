import type { EachBatchPayload, Kafka } from 'kafkajs';
import { AppError } from '../platform/errors';
import type { ContentBatch, ContentSink } from '../connectors/clickhouse/content-sink';
import type { ChatSighting, TelegramChatDirectory } from '../connectors/telegram/chat-directory';
import type { DeadLetterWriter } from '../connectors/kafka/dead-letters';
import type { ChannelStatsSample } from '../connectors/kafka/channel-stats';
import type { TelegramUpdateRecord } from '../connectors/telegram/update-record';
import type { TweetRecord } from '../connectors/twitter/tweet-record';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import type { AvroSerde } from '../schemas/serde/avro-serde';
import { TOPICS, type TopicName, type TopicNames } from '../schemas/topics';
import { BatchConsumer } from './batch-consumer';
import type { ContentFacts } from './content/post-event';
import { telegramChatSighting } from './content/telegram-chat';
import { telegramContent } from './content/telegram-content';
import { twitterContent } from './content/twitter-content';
import { decodeOrDeadLetter } from './decode-or-dead-letter';

const TOPOLOGY = 'channel-content';

export interface ChannelContentDeps {
  kafka: Kafka;
  groupId: string;
  topics: TopicNames;
  serde: AvroSerde;
  sink: ContentSink;
  /**
   * Where the Telegram chats of a batch are recorded (public or not, connected by whom) before its
   * content is written, so the API never serves a chat's content before it knows whether it is private.
   */
  chats: TelegramChatDirectory;
  deadLetters: DeadLetterWriter;
  metrics: Metrics;
  logger: Logger;
  /** Told which channels got fresher data (the API drops their cached answers). */
  onWindowsUpdated?: (channels: string[]) => Promise<void>;
}

/** How one input topic's records become rows; undefined when a record says nothing we keep. */
type Reader = (value: never) => Partial<ContentBatch> | undefined;

const READERS: Partial<Record<TopicName, Reader>> = {
  [TOPICS.telegramUpdates]: (update: TelegramUpdateRecord) => facts(telegramContent(update)),
  [TOPICS.twitterTweets]: (tweet: TweetRecord) => facts(twitterContent(tweet)),
  [TOPICS.channelStats]: (sample: ChannelStatsSample) => ({ samples: [sample] }),
};

/**
 * Channel content into ClickHouse: posts with their text features and one-minute post counts,
 * engagement observations, and audience samples, from the raw Telegram, X and channel-stats
 * topics (normalized as social.posts.v1 and social.engagement.v1 describe). A plain consumer group
 * with at-least-once delivery (`BatchConsumer`): each batch is sunk, then its offsets are
 * committed; the sink is idempotent. Records that cannot be decoded go to the dead-letter topic
 * with their reason; a registry or ClickHouse outage retries the batch.
 */
export class ChannelContent {
  private readonly consumer: BatchConsumer;
  private readonly topicOf: Map<string, TopicName>;

  constructor(private readonly deps: ChannelContentDeps) {
    this.consumer = new BatchConsumer(deps.kafka, deps.groupId);
    this.topicOf = new Map(
      (Object.keys(READERS) as TopicName[]).map((topic) => [deps.topics.of(topic), topic]),
    );
  }

  start(): Promise<void> {
    return this.consumer.start([...this.topicOf.keys()], (payload) => this.processBatch(payload));
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  private async processBatch({ batch }: EachBatchPayload) {
    const timer = this.deps.metrics.processorBatchSeconds.startTimer({ topology: TOPOLOGY });
    const topic = this.topicOf.get(batch.topic)!;
    const read = READERS[topic]!;
    const rows: ContentBatch = { posts: [], engagement: [], samples: [] };
    const chats: ChatSighting[] = [];
    for (const message of batch.messages) {
      // undefined: dead-lettered; null: nothing this topology keeps.
      const found = await decodeOrDeadLetter(this.deps, topic, message, batch.partition, (value: never) => {
        const kept = read(value) ?? null;
        if (kept) checkTimes(kept);
        if (topic === TOPICS.telegramUpdates) {
          const chat = telegramChatSighting(value as TelegramUpdateRecord);
          if (chat) chats.push(chat);
        }
        return kept;
      });
      const outcome = found === undefined ? 'dead_lettered' : found ? 'processed' : 'skipped';
      this.deps.metrics.processorRecords.inc({ topology: TOPOLOGY, outcome });
      if (!found) continue;
      rows.posts.push(...(found.posts ?? []));
      rows.engagement.push(...(found.engagement ?? []));
      rows.samples.push(...(found.samples ?? []));
    }
    for (const connected of await this.deps.chats.record(chats)) {
      this.deps.logger.info(connected, 'Telegram chat connected to an organization');
    }
    const touched = await this.deps.sink.write(rows);
    timer();
    if (touched.size > 0) await this.deps.onWindowsUpdated?.([...touched.keys()]);
  }
}

/** Latest time a row may carry: ClickHouse's DateTime64(3) and JavaScript dates both hold it. */
const MAX_TIME_MS = Date.UTC(2200, 0, 1);

function checkTimes(found: Partial<ContentBatch>): void {
  const times = [
    ...(found.posts ?? []).flatMap((post) => [post.posted_at, post.event_time, post.observed_at]),
    ...(found.engagement ?? []).map((observation) => observation.observed_at),
    ...(found.samples ?? []).map((sample) => sample.observed_at),
  ];
  if (times.some((time) => !Number.isFinite(time) || time < 0 || time > MAX_TIME_MS)) {
    throw new AppError('VALIDATION_FAILED', 'a time is out of range');
  }
}

function facts(found: ContentFacts): Partial<ContentBatch> | undefined {
  return found.posts.length + found.engagement.length > 0 ? found : undefined;
}
