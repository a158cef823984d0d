import type { KafkaMessage } from 'kafkajs';
import { describeFailure } from '../../errors';
import { deadLetterRecord } from './dead-letter-record';

describe('deadLetterRecord', () => {
  it('keeps the original bytes and says where the record came from and why it failed', () => {
    const message: KafkaMessage = {
      key: Buffer.from('k'),
      value: Buffer.from('not json'),
      timestamp: '1700000000000',
      offset: '42',
      attributes: 0,
      headers: {},
    };
    const failure = describeFailure(
      Object.assign(new Error('x'.repeat(3_000)), { code: 'SERDE_CORRUPT_RECORD' }),
      'STREAMS_DESERIALIZATION_FAILED',
    );
    const record = deadLetterRecord('posts', 2, message, failure, new Date(Date.UTC(2026, 0, 1)));
    expect(record).toMatchObject({
      topic: 'posts.dlq',
      key: message.key,
      value: message.value,
      timestamp: 1700000000000,
    });
    const headers = Object.fromEntries(
      Object.entries(record.headers ?? {}).map(([k, v]) => [k, v.toString()]),
    );
    expect(headers).toEqual({
      'dlq.error.code': 'SERDE_CORRUPT_RECORD',
      'dlq.error.message': 'x'.repeat(2_000),
      'dlq.source.topic': 'posts',
      'dlq.source.partition': '2',
      'dlq.source.offset': '42',
      'dlq.failed.at': '2026-01-01T00:00:00.000Z',
    });
  });
});
