import type { KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import {
  type Failure,
  STREAMS_ERROR_CODES,
  StreamsError,
  type StreamsErrorCode,
  describeFailure,
} from '../../errors';
import type { ConsumedRecord } from '../../record';
import type { ActiveTask } from './active-task';
import { deadLetterRecord } from './dead-letter-record';
import type { EngineMetrics } from './streams-metrics';

export type ErrorPolicy = 'fail' | 'dead-letter';

export interface IntakePolicies {
  readonly applicationId: string;
  readonly deserializationErrors: ErrorPolicy;
  readonly processingErrors: ErrorPolicy;
  readonly metrics: EngineMetrics;
  readonly logger: Logger;
}

const isPromise = (value: unknown): value is Promise<unknown> => value instanceof Promise;

/**
 * Deserializes one consumed message and runs it through its task, applying the error policies.
 * Synchronous unless a deserializer needs I/O (a schema id not seen before): a promise per
 * record would cost more than the processing itself.
 */
export class RecordIntake {
  constructor(private readonly policies: IntakePolicies) {}

  process(active: ActiveTask, topic: string, partition: number, message: KafkaMessage): void | Promise<void> {
    let key: unknown;
    let value: unknown;
    try {
      const serdes = active.task.sourceSerdes(topic);
      key = serdes.keySerde.deserialize(message.key, topic);
      value = serdes.valueSerde.deserialize(message.value, topic);
    } catch (error) {
      this.deserializationFailed(active, topic, partition, message, error);
      return undefined;
    }
    if (isPromise(key) || isPromise(value)) {
      return Promise.all([key, value]).then(
        ([k, v]) => this.run(active, topic, partition, message, k, v),
        (error: unknown) => this.deserializationFailed(active, topic, partition, message, error),
      );
    }
    this.run(active, topic, partition, message, key, value);
    return undefined;
  }

  private run(
    active: ActiveTask,
    topic: string,
    partition: number,
    message: KafkaMessage,
    key: unknown,
    value: unknown,
  ): void {
    const record: ConsumedRecord<unknown, unknown> = {
      topic,
      partition,
      offset: message.offset,
      key,
      value,
      brokerTimestamp: Number(message.timestamp),
      ...(message.headers && Object.keys(message.headers).length > 0
        ? { headers: headerBuffers(message.headers) }
        : {}),
    };
    try {
      active.task.process(record);
    } catch (error) {
      const failure = describeFailure(error, 'STREAMS_PROCESSING_FAILED');
      const policy =
        failure.code === 'STREAMS_INVALID_TIMESTAMP'
          ? this.policies.deserializationErrors
          : this.policies.processingErrors;
      this.fail(active, topic, partition, message, failure, policy, 'STREAMS_PROCESSING_FAILED');
    }
  }

  private deserializationFailed(
    active: ActiveTask,
    topic: string,
    partition: number,
    message: KafkaMessage,
    error: unknown,
  ): void {
    const failure = describeFailure(error, 'STREAMS_DESERIALIZATION_FAILED');
    // A registry that cannot be reached says nothing about the record: it is not dead-lettered
    // but thrown, so the batch stops at this record and kafkajs delivers it again after a backoff.
    const policy = failure.retriable ? 'fail' : this.policies.deserializationErrors;
    this.fail(active, topic, partition, message, failure, policy, 'STREAMS_DESERIALIZATION_FAILED');
  }

  private fail(
    active: ActiveTask,
    topic: string,
    partition: number,
    message: KafkaMessage,
    error: Failure,
    policy: ErrorPolicy,
    fallback: StreamsErrorCode,
  ): void {
    if (policy === 'fail') {
      throw new StreamsError(
        error.code in STREAMS_ERROR_CODES ? (error.code as StreamsErrorCode) : fallback,
        `${topic}[${partition}]@${message.offset}: ${error.code}: ${error.message}`,
        { cause: error.cause, retriable: error.retriable },
      );
    }
    active.collector.send(deadLetterRecord(topic, partition, message, error));
    this.policies.metrics.deadLetters.inc({
      application: this.policies.applicationId,
      topic,
      code: error.code,
    });
    this.policies.logger.warn(
      { topic, partition, offset: message.offset, code: error.code },
      'record dead-lettered',
    );
  }
}

function headerBuffers(headers: NonNullable<KafkaMessage['headers']>): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [name, value] of Object.entries(headers)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = Buffer.isBuffer(first) ? first : Buffer.from(String(first));
  }
  return out;
}
