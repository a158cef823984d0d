import type { IHeaders, Kafka, Producer } from 'kafkajs';
import { connectOnce } from '../../platform/clients/connect-once';
import { withDeadline } from '../../platform/deadline';
import { AppError } from '../../platform/errors';
import type { Metrics } from '../../platform/metrics';
import { ProduceBatcher } from './produce-batcher';

export interface OutgoingRecord {
  key: string;
  value: Buffer;
  headers?: IHeaders;
}

/**
 * An idempotent producer that waits for every in-sync replica (acks=all) and gives up after a
 * deadline with KAFKA_UNAVAILABLE, so a webhook can answer 503 while its sender still waits.
 * Concurrent sends share produce requests (produce-batcher.ts).
 */
export class RecordProducer {
  private producer: Producer;
  private readonly connection;
  private readonly batcher: ProduceBatcher;

  constructor(
    private readonly kafka: Kafka,
    private readonly timeoutMs: number,
    private readonly metrics: Metrics,
  ) {
    this.producer = this.newProducer();
    this.connection = connectOnce(() => this.producer.connect());
    this.batcher = new ProduceBatcher({
      send: async (topicMessages) => {
        await this.connection.ensure();
        await this.producer.sendBatch({ acks: -1, topicMessages });
      },
      renew: () => this.renew(),
    });
  }

  async send(topic: string, records: OutgoingRecord[]): Promise<void> {
    const timedOut = () =>
      new AppError('KAFKA_UNAVAILABLE', `timed out after ${this.timeoutMs} ms producing to ${topic}`);
    await withDeadline(
      this.sendNow(topic, records, Date.now() + this.timeoutMs, timedOut),
      this.timeoutMs,
      timedOut,
    );
    this.metrics.recordsProduced.inc({ topic }, records.length);
  }

  async close(): Promise<void> {
    this.connection.reset();
    await this.producer.disconnect();
  }

  private newProducer(): Producer {
    return this.kafka.producer({ idempotent: true, maxInFlightRequests: 5, allowAutoTopicCreation: false });
  }

  /** A producer with a new producer id, whose sequence numbers start afresh (produce-batcher.ts). */
  private async renew(): Promise<void> {
    const old = this.producer;
    this.producer = this.newProducer();
    this.connection.reset();
    await old.disconnect().catch(() => undefined);
  }

  private async sendNow(
    topic: string,
    records: OutgoingRecord[],
    expiresAt: number,
    expired: () => Error,
  ): Promise<void> {
    try {
      await this.batcher.send(topic, records, expiresAt, expired);
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
