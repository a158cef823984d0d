import type { KafkaMessage } from 'kafkajs';
import type { DeadLetterWriter } from '../connectors/kafka/dead-letters';
import { AppError, toAppError } from '../platform/errors';
import type { AvroSerde } from '../schemas/serde/avro-serde';
import type { TopicName } from '../schemas/topics';

/**
 * Decodes a consumed record's Avro value and reads it with `read` (the value as it is by
 * default). A record that can never be decoded or read goes to the dead-letter topic with its
 * origin and reason, and resolves undefined; a retriable failure (registry down) throws, so the
 * batch is retried and nothing is committed. A record that decodes but cannot be read (a kept
 * payload that is not JSON, a time out of range) is VALIDATION_FAILED: it must not stall its
 * partition.
 */
export async function decodeOrDeadLetter<T, R = T>(
  deps: { serde: AvroSerde; deadLetters: DeadLetterWriter },
  topic: TopicName,
  message: KafkaMessage,
  partition: number,
  read: (value: T) => R = (value) => value as unknown as R,
): Promise<R | undefined> {
  const deadLetter = async (reason: AppError) => {
    await deps.deadLetters.write(
      { topic, key: message.key?.toString(), partition, offset: message.offset },
      message.value ?? Buffer.alloc(0),
      reason,
    );
    return undefined;
  };
  let value: T;
  try {
    if (!message.value) throw new AppError('SERDE_CORRUPT_RECORD', 'record has no value');
    value = await deps.serde.decode<T>(message.value);
  } catch (error) {
    const appError = toAppError(error);
    if (appError.retriable) throw appError;
    return deadLetter(appError);
  }
  try {
    return read(value);
  } catch (error) {
    return deadLetter(
      new AppError('VALIDATION_FAILED', `record cannot be read: ${toAppError(error).message}`),
    );
  }
}
