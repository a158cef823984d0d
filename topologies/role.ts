import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { ContentSink } from '../connectors/clickhouse/content-sink';
import type { DeadLetterWriter } from '../connectors/kafka/dead-letters';
import { TelegramChatDirectory } from '../connectors/telegram/chat-directory';
import type { ClickHouseClient } from '../platform/clients/clickhouse';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import type { Role } from '../platform/role';
import type { AvroSerde } from '../schemas/serde/avro-serde';
import type { TopicNames } from '../schemas/topics';
import { ChannelContent } from './channel-content';
import { SubscriptionState } from './subscription-state';

export interface ProcessorsDeps {
  config: Config;
  kafka: Kafka;
  topics: TopicNames;
  serde: AvroSerde;
  clickhouse: ClickHouseClient;
  postgres: Pool;
  deadLetters: DeadLetterWriter;
  metrics: Metrics;
  logger: Logger;
  /** Told which channels got fresher data (the API drops their cached answers). */
  onWindowsUpdated: (channels: string[]) => Promise<void>;
}

/**
 * The processors role: the topologies that turn what the connectors stored into what the API
 * reads (channel content into ClickHouse, billing events into subscription state).
 */
export class ProcessorsRole implements Role {
  readonly name = 'processors';
  readonly needs = ['kafka', 'schema_registry', 'clickhouse', 'postgres'] as const;
  private content?: ChannelContent;
  private subscriptions?: SubscriptionState;

  constructor(private readonly deps: ProcessorsDeps) {}

  async start(): Promise<void> {
    const { config, kafka, topics, serde, deadLetters, metrics, logger } = this.deps;
    this.content = new ChannelContent({
      kafka,
      groupId: config.kafka.processorGroupId,
      topics,
      serde,
      sink: new ContentSink(this.deps.clickhouse, config.clickhouse.database, metrics),
      chats: new TelegramChatDirectory(this.deps.postgres),
      deadLetters,
      metrics,
      logger: logger.child({ component: 'channel-content' }),
      onWindowsUpdated: this.deps.onWindowsUpdated,
    });
    await this.content.start();
    this.subscriptions = new SubscriptionState({
      kafka,
      groupId: config.stripe.groupId,
      topics,
      serde,
      postgres: this.deps.postgres,
      prices: config.stripe.prices,
      deadLetters,
      metrics,
      logger: logger.child({ component: 'subscription-state' }),
    });
    await this.subscriptions.start();
  }

  /** Each topology finishes its batch in flight and commits it. */
  async stop(): Promise<void> {
    await this.content?.stop();
    await this.subscriptions?.stop();
  }
}
