import type { Admin, Kafka } from 'kafkajs';
import { PartitionCounts } from './committer';

/** A kafkajs stand-in whose admin connects slowly and refuses metadata requests until connected. */
function slowKafka(partitions: Record<string, number>) {
  const calls = { admins: 0, connects: 0, metadata: 0, disconnects: 0 };
  const kafka = {
    admin: (): Admin => {
      calls.admins += 1;
      let connected = false;
      return {
        connect: async () => {
          calls.connects += 1;
          await new Promise((resolve) => setTimeout(resolve, 20));
          connected = true;
        },
        fetchTopicMetadata: async ({ topics }: { topics: string[] }) => {
          if (!connected) throw new Error('metadata asked before the admin connected');
          calls.metadata += 1;
          return {
            topics: topics.map((name) => ({
              name,
              partitions: Array.from({ length: partitions[name]! }, (_, i) => ({ partitionId: i })),
            })),
          };
        },
        disconnect: async () => {
          calls.disconnects += 1;
        },
      } as unknown as Admin;
    },
  } as unknown as Kafka;
  return { kafka, calls };
}

describe('PartitionCounts', () => {
  it('answers tasks committing side by side through one connected admin, one request per topic', async () => {
    const { kafka, calls } = slowKafka({ out: 6, dlq: 1 });
    const counts = new PartitionCounts(kafka);
    const answers = await Promise.all([counts.of('out'), counts.of('dlq'), counts.of('out')]);
    expect(answers).toEqual([6, 1, 6]);
    expect(calls).toMatchObject({ admins: 1, connects: 1, metadata: 2 });
    expect(await counts.of('out')).toBe(6);
    expect(calls.metadata).toBe(2);
    await counts.close();
    expect(calls.disconnects).toBe(1);
  });
});
