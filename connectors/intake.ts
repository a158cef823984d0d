import { createKafka } from '../platform/clients/kafka';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import { type Metrics, createMetrics } from '../platform/metrics';
import { AvroSerde } from '../schemas/serde/avro-serde';
import { TopicNames } from '../schemas/topics';
import { DeadLetterWriter } from './kafka/dead-letters';
import { RecordProducer } from './kafka/record-producer';

/**
 * What every connector needs to store what it takes in: the registry serde, the acknowledged
 * producer, the topic names of this environment, dead letters for what cannot be stored, metrics
 * and a logger.
 */
export interface IntakeDeps {
  serde: AvroSerde;
  producer: RecordProducer;
  deadLetters: DeadLetterWriter;
  topics: TopicNames;
  metrics: Metrics;
  logger: Logger;
}

/**
 * Intake of its own, outside the runtime (the replay, tests): a producer to close when done.
 * The runtime builds the same pieces once for every connector.
 */
export function openIntake(config: Config, logger: Logger): IntakeDeps & { close(): Promise<void> } {
  const metrics = createMetrics();
  const topics = new TopicNames(config.kafka.topicPrefix);
  const producer = new RecordProducer(
    createKafka(config.kafka, logger),
    config.kafka.produceTimeoutMs,
    metrics,
  );
  return {
    serde: new AvroSerde(config.schemaRegistry.url, topics),
    producer,
    deadLetters: new DeadLetterWriter(producer, topics, metrics),
    topics,
    metrics,
    logger,
    close: () => producer.close(),
  };
}
