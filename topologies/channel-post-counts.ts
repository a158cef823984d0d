import type { EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { PostCountsSink, PostRow } from '../connectors/clickhouse/post-counts-sink';
import type { DeadLetterWriter } from '../connectors/kafka/dead-letters';
import type { TelegramUpdateRecord } from '../connectors/telegram/update-record';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import type { AvroSerde } from '../schemas/serde/avro-serde';
import { TOPICS, type TopicNames } from '../schemas/topics';
import { BatchConsumer } from './batch-consumer';
import { decodeOrDeadLetter } from './decode-or-dead-letter';

const TOPOLOGY = 'channel-post-counts';
const NEW_POST_TYPES = new Set(['message', 'channel_post']);

export interface ChannelPostCountsDeps {
  kafka: Kafka;
  groupId: string;
  topics: TopicNames;
  serde: AvroSerde;
  sink: PostCountsSink;
  deadLetters: DeadLetterWriter;
  metrics: Metrics;
  logger: Logger;
  /** Told which channels got fresher windows (the API drops their cached answers). */
  onWindowsUpdated?: (channels: string[]) => Promise<void>;
}

/**
 * The walking skeleton's processor: Telegram posts per channel per one-minute window, into
 * ClickHouse. A plain consumer group with at-least-once delivery (`BatchConsumer`): each batch is
 * sunk, then its offsets are committed; the sink is idempotent. Records that cannot be decoded go to the
 * dead-letter topic with their reason; a registry or ClickHouse outage retries the batch.
 */
export class ChannelPostCounts {
  private readonly consumer: BatchConsumer;

  constructor(private readonly deps: ChannelPostCountsDeps) {
    this.consumer = new BatchConsumer(deps.kafka, deps.groupId);
  }

  start(): Promise<void> {
    return this.consumer.start(this.deps.topics.of(TOPICS.telegramUpdates), (payload) =>
      this.processBatch(payload),
    );
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  private async processBatch({ batch }: EachBatchPayload) {
    const timer = this.deps.metrics.processorBatchSeconds.startTimer({ topology: TOPOLOGY });
    const posts: PostRow[] = [];
    for (const message of batch.messages) {
      const post = await this.toPost(message, batch.partition);
      if (post) posts.push(post);
    }
    const touched = await this.deps.sink.write(posts);
    timer();
    if (touched.size > 0) await this.deps.onWindowsUpdated?.([...touched.keys()]);
  }

  private async toPost(message: KafkaMessage, partition: number): Promise<PostRow | undefined> {
    const count = (outcome: string) =>
      this.deps.metrics.processorRecords.inc({ topology: TOPOLOGY, outcome });
    const update = await decodeOrDeadLetter<TelegramUpdateRecord>(
      this.deps,
      TOPICS.telegramUpdates,
      message,
      partition,
    );
    if (!update) {
      count('dead_lettered');
      return undefined;
    }
    if (!NEW_POST_TYPES.has(update.update_type) || update.chat_id === null || update.message_id === null) {
      count('skipped');
      return undefined;
    }
    count('processed');
    return {
      source: 'telegram',
      channel_id: String(update.chat_id),
      post_id: String(update.message_id),
      posted_at: new Date(update.event_time),
      text: postText(update),
    };
  }
}

function postText(update: TelegramUpdateRecord): string {
  const body = (JSON.parse(update.payload) as Record<string, { text?: unknown; caption?: unknown }>)[
    update.update_type
  ];
  const text = body?.text ?? body?.caption;
  return typeof text === 'string' ? text : '';
}
