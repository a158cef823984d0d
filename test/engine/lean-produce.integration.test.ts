import { type Kafka, type PartitionMetadata, type Producer, Partitioners } from 'kafkajs';
import { createTopics, testKafka } from '../support/engine';
import { eventually } from '../support/eventually';
import { uniqueName } from '../support/isolation';
import { readRawTopic } from '../support/topic-reader';
// This test checks the engine's produce path on the wire, which its public surface does not expose.
// eslint-disable-next-line no-restricted-imports -- see above
import type { OutgoingRecord } from '../../topologies/engine/internals/record-collector';
// eslint-disable-next-line no-restricted-imports -- see above
import {
  Partitioner,
  installLeanProduce,
  produceRecords,
} from '../../topologies/engine/internals/runtime/lean-produce';

/**
 * The engine's produce path against the local broker: batches past 512 KB for one partition in a
 * transaction, keyed records where kafkajs's own producer would put them, and a partition the
 * client's metadata lacks.
 */
describe('engine produce path on the real broker', () => {
  const kafka: Kafka = testKafka();
  const changelog = uniqueName('engine-produce-changelog-');
  const output = uniqueName('engine-produce-out-');
  const producers: Producer[] = [];

  beforeAll(async () => {
    installLeanProduce();
    await createTopics(kafka, [
      { topic: changelog, partitions: 2 },
      { topic: output, partitions: 5 },
    ]);
  });
  afterAll(async () => {
    await Promise.all(producers.map((p) => p.disconnect().catch(() => undefined)));
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [changelog, output] }).catch(() => undefined);
    await admin.disconnect();
  });

  async function producer(config: Parameters<Kafka['producer']>[0]): Promise<Producer> {
    const made = kafka.producer(config);
    producers.push(made);
    await made.connect();
    return made;
  }

  const partitionsOf = async (topic: string) => (topic === output ? 5 : 2);

  it('writes more than 512 KB to one changelog partition in a transaction and keyed records where kafkajs would', async () => {
    const txProducer = await producer({
      transactionalId: uniqueName('engine-produce-tx-'),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    const big: OutgoingRecord[] = Array.from({ length: 13 }, (_, i) => ({
      topic: changelog,
      partition: 1,
      key: Buffer.from(`state-${i}`),
      value: Buffer.alloc(100 * 1024, i),
      timestamp: 1_700_000_000_000 + i,
    }));
    const keyed: OutgoingRecord[] = Array.from({ length: 200 }, (_, i) => ({
      topic: output,
      key: Buffer.from(`key-${i}`),
      value: Buffer.from(`value-${i}`),
      timestamp: 1_700_000_000_000,
    }));
    const transaction = await txProducer.transaction();
    const last = await produceRecords([...big, ...keyed], partitionsOf, new Partitioner(), (topicMessages) =>
      transaction.sendBatch({ topicMessages }),
    );
    await transaction.commit();

    // 13 records of 100 KB from offset 0 of a new partition (batches of 6, 6 and 1, so three
    // requests): the last is at 12.
    expect(last.get(`${changelog}:1`)).toBe(12n);
    expect(last.has(`${output}:0`)).toBe(false);
    const admin = kafka.admin();
    await admin.connect();
    // After the last record comes the transaction's commit marker, written after the commit
    // returns; until then the end offset a read_committed reader sees stays before the transaction.
    const end = await eventually(
      async () => BigInt((await admin.fetchTopicOffsets(changelog)).find((p) => p.partition === 1)!.high),
      (offset) => offset > 0n,
      15_000,
      100,
    );
    const metadata = await admin.fetchTopicMetadata({ topics: [output] });
    await admin.disconnect();
    expect(end).toBe(last.get(`${changelog}:1`)! + 2n);

    const written = (await readRawTopic(changelog)).filter((r) => r.partition === 1);
    expect(written.map((r) => r.key?.toString())).toEqual(big.map((r) => r.key!.toString()));
    expect(written.map((r) => r.value?.equals(big[Number(r.key!.toString().slice(6))]!.value!))).toEqual(
      big.map(() => true),
    );
    expect(BigInt(written.at(-1)!.offset)).toBe(last.get(`${changelog}:1`));

    const kafkajsPartition = Partitioners.DefaultPartitioner();
    const partitionMetadata: PartitionMetadata[] = metadata.topics[0]!.partitions;
    const landed = await eventually(
      () => readRawTopic(output),
      (records) => records.length === keyed.length,
      15_000,
      100,
    );
    const misplaced = landed.filter(
      (r) =>
        r.partition !==
        kafkajsPartition({ topic: output, partitionMetadata, message: { key: r.key, value: null } }),
    );
    expect(misplaced).toEqual([]);
    expect(new Set(landed.map((r) => r.partition)).size).toBe(5);
  });

  it('fails the send when a partition it named is missing from the client metadata, instead of dropping it', async () => {
    const idempotent = await producer({ idempotent: true, maxInFlightRequests: 5 });
    const records: OutgoingRecord[] = [0, 7].map((partition) => ({
      topic: changelog,
      partition,
      key: null,
      value: Buffer.from('state'),
      timestamp: 1_700_000_000_000,
    }));
    await expect(
      produceRecords(records, partitionsOf, new Partitioner(), (topicMessages) =>
        idempotent.sendBatch({ topicMessages, acks: -1 }),
      ),
    ).rejects.toMatchObject({ code: 'STREAMS_PRODUCTION_FAILED', details: { partition: `${changelog}:7` } });
  });
});
