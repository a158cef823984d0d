import { createKafka } from '../platform/clients/kafka';
import { createLogger } from '../platform/logger';
import { createMetrics } from '../platform/metrics';
import { RecordProducer } from '../connectors/kafka/record-producer';
import { testKafka } from './support/engine';
import { isolatedConfig, uniqueName } from './support/isolation';
import { readTopic } from './support/topic-reader';
import { deleteTopicsWithPrefix } from './support/topic-cleanup';

/**
 * The producer every connector stores through, against the local broker: concurrent sends share
 * produce requests, and a record the broker refuses fails only its own send.
 */
describe('RecordProducer against Kafka', () => {
  const prefix = uniqueName('test-producer-');
  const topic = `${prefix}.records`;
  let producer: RecordProducer;

  beforeAll(async () => {
    const admin = testKafka().admin();
    await admin.connect();
    try {
      await admin.createTopics({
        waitForLeaders: true,
        // A small record limit, so one record can be too large for the topic.
        topics: [{ topic, numPartitions: 2, configEntries: [{ name: 'max.message.bytes', value: '20000' }] }],
      });
    } finally {
      await admin.disconnect();
    }
    const config = isolatedConfig().kafka;
    producer = new RecordProducer(createKafka(config, createLogger('silent')), 10_000, createMetrics());
  });
  afterAll(async () => {
    await producer?.close();
    await deleteTopicsWithPrefix(prefix);
  });

  it('stores every concurrent send but the one whose record is too large, and goes on storing', async () => {
    const record = (i: number, bytes = 100) => ({ key: `k${i}`, value: Buffer.alloc(bytes, i % 10) });
    const sendAll = (from: number, count: number, large?: number) =>
      Promise.allSettled(
        Array.from({ length: count }, (_, n) =>
          producer.send(topic, [record(from + n, from + n === large ? 50_000 : 100)]),
        ),
      );
    const refusedOf = (outcomes: PromiseSettledResult<void>[], from: number) =>
      outcomes.flatMap((outcome, n) => (outcome.status === 'rejected' ? [from + n] : []));
    // The sends that arrive together share requests: the large one's refusal must fail only it.
    const first = await sendAll(0, 200, 57);
    expect(refusedOf(first, 0)).toEqual([57]);
    expect((first[57] as PromiseRejectedResult).reason).toMatchObject({ code: 'KAFKA_UNAVAILABLE' });
    // After a refusal, kafkajs's sequence numbers for the partitions the broker stored are off:
    // the producer must still store what comes next.
    expect(refusedOf(await sendAll(200, 100), 200)).toEqual([]);
    // Every record but the refused one, each at least once (a shared request's records on another
    // partition may be stored twice: consumers drop duplicates by their ids).
    const stored = new Set((await readTopic(topic)).map((r) => r.key));
    const expected = Array.from({ length: 300 }, (_, i) => `k${i}`).filter((key) => key !== 'k57');
    expect([...stored].sort()).toEqual(expected.sort());
  });
});
