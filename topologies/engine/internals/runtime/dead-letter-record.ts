import type { KafkaMessage } from 'kafkajs';
import type { AppError } from '../../../../platform/errors';
import { deadLetterHeaders } from '../../../../connectors/kafka/dead-letter-headers';
import type { OutgoingRecord } from '../record-collector';

/** The original bytes of an input record that could not be used, bound for `<topic>.dlq`. */
export function deadLetterRecord(
  topic: string,
  partition: number,
  message: KafkaMessage,
  error: AppError,
): OutgoingRecord {
  const headers = deadLetterHeaders({
    code: error.code,
    message: error.message,
    sourceTopic: topic,
    partition,
    offset: message.offset,
  });
  return {
    topic: `${topic}.dlq`,
    key: message.key,
    value: message.value,
    timestamp: Number(message.timestamp),
    headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Buffer.from(value)])),
  };
}
