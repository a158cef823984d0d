import type { KafkaMessage } from 'kafkajs';
import type { DeadLetterWriter } from '../connectors/kafka/dead-letters';
import { AppError, toAppError } from '../platform/errors';
import type { AvroSerde } from '../schemas/serde/avro-serde';
import type { TopicName } from '../schemas/topics';

/**
 * Decodes a consumed record's Avro value. A record that can never be decoded goes to the
 * dead-letter topic with its origin and reason, and resolves undefined; a retriable failure
 * (registry down) throws, so the batch is retried and nothing is committed.
 */
export async function decodeOrDeadLetter<T>(
  deps: { serde: AvroSerde; deadLetters: DeadLetterWriter },
  topic: TopicName,
  message: KafkaMessage,
  partition: number,
): Promise<T | undefined> {
  try {
    if (!message.value) throw new AppError('SERDE_CORRUPT_RECORD', 'record has no value');
    return await deps.serde.decode<T>(message.value);
  } catch (error) {
    const appError = toAppError(error);
    if (appError.retriable) throw appError;
    await deps.deadLetters.write(
      { topic, key: message.key?.toString(), partition, offset: message.offset },
      message.value ?? Buffer.alloc(0),
      appError,
    );
    return undefined;
  }
}
