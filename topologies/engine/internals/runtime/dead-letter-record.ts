import type { KafkaMessage } from 'kafkajs';
import type { Failure } from '../../errors';
import type { OutgoingRecord } from '../record-collector';

/** Dead-letter header names (README.md, "Dead letters"): the application's connectors use the same. */
export const DEAD_LETTER_HEADERS = {
  code: 'dlq.error.code',
  message: 'dlq.error.message',
  sourceTopic: 'dlq.source.topic',
  sourcePartition: 'dlq.source.partition',
  sourceOffset: 'dlq.source.offset',
  failedAt: 'dlq.failed.at',
} as const;

const MAX_MESSAGE = 2_000;

/** The original bytes of an input record that could not be used, bound for `<topic>.dlq`. */
export function deadLetterRecord(
  topic: string,
  partition: number,
  message: KafkaMessage,
  failure: Failure,
  failedAt = new Date(),
): OutgoingRecord {
  const headers: Record<string, Buffer> = {
    [DEAD_LETTER_HEADERS.code]: Buffer.from(failure.code),
    [DEAD_LETTER_HEADERS.message]: Buffer.from(failure.message.slice(0, MAX_MESSAGE)),
    [DEAD_LETTER_HEADERS.sourceTopic]: Buffer.from(topic),
    [DEAD_LETTER_HEADERS.sourcePartition]: Buffer.from(String(partition)),
    [DEAD_LETTER_HEADERS.sourceOffset]: Buffer.from(message.offset),
    [DEAD_LETTER_HEADERS.failedAt]: Buffer.from(failedAt.toISOString()),
  };
  return {
    topic: `${topic}.dlq`,
    key: message.key,
    value: message.value,
    timestamp: Number(message.timestamp),
    headers,
  };
}
