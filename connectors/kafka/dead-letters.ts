import type { AppError } from '../../platform/errors';
import type { Metrics } from '../../platform/metrics';
import type { TopicName, TopicNames } from '../../schemas/topics';
import { deadLetterHeaders } from './dead-letter-headers';
import type { RecordProducer } from './record-producer';

/** Where a dead letter came from; a record consumed from Kafka also has its partition and offset. */
export interface DeadLetterOrigin {
  topic: TopicName;
  key?: string;
  partition?: number;
  offset?: string;
}

/**
 * Writes the original bytes of a record that cannot be used to `<topic>.dlq`, with the reason in
 * headers (DESIGN.md §3), so nothing invalid is silently dropped and it can be replayed once fixed.
 */
export class DeadLetterWriter {
  constructor(
    private readonly producer: RecordProducer,
    private readonly topics: TopicNames,
    private readonly metrics: Metrics,
  ) {}

  async write(origin: DeadLetterOrigin, original: Buffer, error: AppError): Promise<void> {
    const headers = deadLetterHeaders({
      code: error.code,
      message: error.message,
      sourceTopic: this.topics.of(origin.topic),
      ...(origin.partition !== undefined ? { partition: origin.partition } : {}),
      ...(origin.offset !== undefined ? { offset: origin.offset } : {}),
    });
    await this.producer.send(this.topics.deadLetter(origin.topic), [
      { key: origin.key ?? '', value: original, headers },
    ]);
    this.metrics.deadLetters.inc({ topic: origin.topic, code: error.code });
  }
}
