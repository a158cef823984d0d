import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import type { AvroSerde } from '../schemas/serde/avro-serde';
import type { TopicNames } from '../schemas/topics';
import type { DeadLetterWriter } from './kafka/dead-letters';
import type { RecordProducer } from './kafka/record-producer';

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
