import type { IHeaders, Kafka, Producer } from 'kafkajs';
import { connectOnce } from '../../platform/clients/connect-once';
import { withDeadline } from '../../platform/deadline';
import { AppError } from '../../platform/errors';
import type { Metrics } from '../../platform/metrics';

export interface OutgoingRecord {
  key: string;
  value: Buffer;
  headers?: IHeaders;
}

/**
 * An idempotent producer that waits for every in-sync replica (acks=all) and gives up after a
 * deadline with KAFKA_UNAVAILABLE, so a webhook can answer 503 while its sender still waits.
 */
export class RecordProducer {
  private readonly producer: Producer;
  private readonly connection;

  constructor(
    kafka: Kafka,
    private readonly timeoutMs: number,
    private readonly metrics: Metrics,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 5,
      allowAutoTopicCreation: false,
    });
    this.connection = connectOnce(() => this.producer.connect());
  }

  async send(topic: string, records: OutgoingRecord[]): Promise<void> {
    await withDeadline(
      this.sendNow(topic, records),
      this.timeoutMs,
      () => new AppError('KAFKA_UNAVAILABLE', `timed out after ${this.timeoutMs} ms producing to ${topic}`),
    );
    this.metrics.recordsProduced.inc({ topic }, records.length);
  }

  async close(): Promise<void> {
    this.connection.reset();
    await this.producer.disconnect();
  }

  private async sendNow(topic: string, records: OutgoingRecord[]): Promise<void> {
    try {
      await this.connection.ensure();
      await this.producer.send({ topic, acks: -1, messages: records });
    } catch (error) {
      throw new AppError(
        'KAFKA_UNAVAILABLE',
        `Kafka did not acknowledge ${topic}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }
}
