import type { RecordMetadata, TopicMessages } from 'kafkajs';
import type { OutgoingRecord } from '../record-collector';
import { Partitioner, produceRecords } from './lean-produce';

/** What kafkajs would see of one send: per topic, the record count of each partition's stand-in. */
type Sent = Record<string, Record<number, number>>;

function seen(topicMessages: TopicMessages[]): Sent {
  const result: Sent = {};
  for (const { topic, messages } of topicMessages) {
    const grouped = (messages as unknown as { reduce: () => Record<number, { length: number }> }).reduce();
    result[topic] = Object.fromEntries(Object.entries(grouped).map(([p, s]) => [p, s.length]));
  }
  return result;
}

/** A broker that answers every partition it is sent, unless told to leave some out. */
function fakeBroker(skip: (topic: string, partition: number) => boolean = () => false) {
  const sends: Sent[] = [];
  const next = new Map<string, number>();
  const send = async (topicMessages: TopicMessages[]): Promise<RecordMetadata[]> => {
    const sent = seen(topicMessages);
    sends.push(sent);
    const answer: RecordMetadata[] = [];
    for (const [topicName, partitions] of Object.entries(sent)) {
      for (const [p, count] of Object.entries(partitions)) {
        const partition = Number(p);
        if (skip(topicName, partition)) continue;
        const id = `${topicName}:${partition}`;
        const baseOffset = next.get(id) ?? 0;
        next.set(id, baseOffset + count);
        answer.push({ topicName, partition, errorCode: 0, baseOffset: String(baseOffset) });
      }
    }
    return answer;
  };
  return { send, sends };
}

const record = (topic: string, partition: number | undefined, valueBytes = 10): OutgoingRecord => ({
  topic,
  partition,
  key: Buffer.from('k'),
  value: Buffer.alloc(valueBytes, 1),
  timestamp: 0,
});

const twoPartitions = async () => 2;

describe('produceRecords', () => {
  it('returns the offset of the last record sent to each explicitly named partition', async () => {
    const { send } = fakeBroker();
    const records = [record('log', 0), record('log', 0), record('log', 1), record('out', undefined)];
    const last = await produceRecords(records, twoPartitions, new Partitioner(), send);
    expect([...last]).toEqual([
      ['log:0', 1n],
      ['log:1', 0n],
    ]);
  });

  it('fails, retriably, when a partition it sent to gets no answer (kafkajs skips one its metadata lacks)', async () => {
    const { send } = fakeBroker((topic, partition) => topic === 'log' && partition === 1);
    const records = [record('log', 0), record('log', 1), record('out', undefined)];
    await expect(produceRecords(records, twoPartitions, new Partitioner(), send)).rejects.toMatchObject({
      code: 'STREAMS_PRODUCTION_FAILED',
      retriable: true,
      details: { partition: 'log:1' },
    });
  });

  it('sends one batch per partition per request, so a partition past 512 KB takes several requests', async () => {
    const { send, sends } = fakeBroker();
    const records = Array.from({ length: 6 }, () => record('log', 0, 200 * 1024));
    const last = await produceRecords(records, twoPartitions, new Partitioner(), send);
    expect(sends).toEqual([{ log: { 0: 3 } }, { log: { 0: 3 } }]);
    expect(last.get('log:0')).toBe(5n);
  });

  it('keeps a request to about 8 MB however many partitions have a batch waiting', async () => {
    const { send, sends } = fakeBroker();
    const partitions = 24;
    const records = Array.from({ length: partitions * 3 }, (_, i) =>
      record('log', i % partitions, 200 * 1024),
    );
    await produceRecords(records, async () => partitions, new Partitioner(), send);
    const recordsPerSend = sends.map((sent) => Object.values(sent.log!).reduce((sum, n) => sum + n, 0));
    for (const count of recordsPerSend) expect(count * 200 * 1024).toBeLessThanOrEqual(8 * 1024 * 1024);
    expect(recordsPerSend.reduce((sum, n) => sum + n, 0)).toBe(partitions * 3);
    // Every partition still gets all its records, each request at most one batch of it.
    const perPartition = new Map<string, number>();
    for (const sent of sends)
      for (const [p, n] of Object.entries(sent.log!)) perPartition.set(p, (perPartition.get(p) ?? 0) + n);
    expect([...perPartition.values()]).toEqual(Array(partitions).fill(3));
  });
});
