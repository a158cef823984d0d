import { Kafka, logLevel } from 'kafkajs';
import { uniqueName } from './support/isolation';

/**
 * Every Kafka API the product uses, from kafkajs against the broker version the stack runs
 * (ops/stack.env KAFKA_VERSION). Findings are written up in docs/kafka-compatibility.md.
 */
describe('kafkajs against the local Kafka broker', () => {
  const kafka = new Kafka({
    clientId: 'compat-test',
    brokers: ['127.0.0.1:19092'],
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const input = uniqueName('test-compat-in-');
  const output = uniqueName('test-compat-out-');
  const group = uniqueName('test-compat-group-');

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.deleteTopics({ topics: [input, output] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates topics with configs and describes them (CreateTopics, DescribeConfigs, Metadata)', async () => {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: input, numPartitions: 2, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
        { topic: output, numPartitions: 1 },
      ],
    });
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2, name: input, configNames: ['cleanup.policy'] }],
    });
    expect(described.resources[0]?.configEntries[0]?.configValue).toBe('compact');
    const metadata = await admin.fetchTopicMetadata({ topics: [input] });
    expect(metadata.topics[0]?.partitions).toHaveLength(2);
  });

  it('produces idempotently and lists offsets (Produce, InitProducerId, ListOffsets)', async () => {
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    await producer.send({
      topic: input,
      acks: -1,
      messages: [
        { key: 'a', value: '1', partition: 0 },
        { key: 'b', value: '2', partition: 0 },
        { key: 'c', value: '3', partition: 1 },
      ],
    });
    await producer.disconnect();
    const offsets = await admin.fetchTopicOffsets(input);
    expect(offsets.map((p) => [p.partition, p.high]).sort()).toEqual([
      [0, '2'],
      [1, '1'],
    ]);
    const byTime = await admin.fetchTopicOffsetsByTimestamp(input, Date.now() - 60_000);
    expect(byTime).toHaveLength(2);
  });

  it('consumes in a group and commits offsets (FindCoordinator, JoinGroup, SyncGroup, Fetch, OffsetCommit)', async () => {
    const consumer = kafka.consumer({ groupId: group });
    await consumer.connect();
    await consumer.subscribe({ topic: input, fromBeginning: true });
    const seen: string[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message }) => {
          seen.push(message.value?.toString() ?? '');
          await consumer.commitOffsets([
            { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
          ]);
          if (seen.length === 3) resolve();
        },
      });
    });
    await consumer.disconnect();
    expect(seen.sort()).toEqual(['1', '2', '3']);
    const committed = await admin.fetchOffsets({ groupId: group, topics: [input] });
    expect(committed[0]?.partitions.map((p) => [p.partition, p.offset]).sort()).toEqual([
      [0, '2'],
      [1, '1'],
    ]);
  });

  it('commits a transaction that carries consumer offsets (AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit, EndTxn)', async () => {
    const txGroup = uniqueName('test-compat-tx-');
    const producer = kafka.producer({
      transactionalId: uniqueName('test-compat-txid-'),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    const transaction = await producer.transaction();
    await transaction.send({ topic: output, messages: [{ key: 'a', value: 'copied' }] });
    await transaction.sendOffsets({
      consumerGroupId: txGroup,
      topics: [{ topic: input, partitions: [{ partition: 0, offset: '2' }] }],
    });
    await transaction.commit();

    const aborted = await producer.transaction();
    await aborted.send({ topic: output, messages: [{ key: 'b', value: 'never visible' }] });
    await aborted.abort();
    await producer.disconnect();

    const committed = await admin.fetchOffsets({ groupId: txGroup, topics: [input] });
    expect(committed[0]?.partitions.find((p) => p.partition === 0)?.offset).toBe('2');

    const reader = kafka.consumer({ groupId: uniqueName('test-compat-rc-'), readUncommitted: false });
    await reader.connect();
    await reader.subscribe({ topic: output, fromBeginning: true });
    const values: string[] = [];
    await new Promise<void>((resolve) => {
      void reader.run({
        eachMessage: async ({ message }) => {
          values.push(message.value?.toString() ?? '');
          resolve();
        },
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 1000)); // an aborted record would arrive by now
    await reader.disconnect();
    expect(values).toEqual(['copied']);
  });
});
