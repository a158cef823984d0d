import type { Kafka } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';

const IDLE_LIMIT_MS = 15_000;

export interface OutputCount {
  records: number;
  /** False when reading stopped on the idle limit before reaching the end: a lower bound then. */
  complete: boolean;
  /** The last value of each key (a window's count, an 8-byte big-endian long), in topic order. */
  last: Map<string, bigint>;
}

/**
 * How many records a finished contender left on its output topic, and the last value of each key,
 * read as `read_committed` (so an exactly-once contender's aborted writes and transaction markers
 * are not counted). A key is on one partition, so its last record there is its last value. Reads from the
 * beginning with a throwaway group until every partition's position reaches its end offset, or
 * until nothing has moved for 15 s (a partition ending in an open transaction never reaches it).
 */
export async function countOutputRecords(kafka: Kafka, topic: string, groupId: string): Promise<OutputCount> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map(
    (await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)] as const),
  );
  const consumer = kafka.consumer({ groupId, readUncommitted: false, maxBytes: 50 * 1024 * 1024 });
  const positions = new Map<number, bigint>();
  let records = 0;
  const last = new Map<string, bigint>();
  let lastMove = performance.now();
  // Fires for every fetched batch, also those holding only control records or aborted writes. A
  // batch with nothing at or past the fetch offset has no first offset, and kafkajs then reports
  // the high watermark as its last offset: no position to learn from it.
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    lastMove = performance.now();
    if (payload.firstOffset === null) return;
    positions.set(payload.partition, BigInt(payload.lastOffset) + 1n);
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        records += batch.messages.length;
        for (const { key, value } of batch.messages) {
          if (key && value?.length === 8) last.set(key.toString('utf8'), value.readBigInt64BE(0));
        }
      },
    });
    const reachedEnd = (): boolean =>
      [...ends].every(([partition, end]) => end === 0n || (positions.get(partition) ?? 0n) >= end);
    while (!reachedEnd() && performance.now() - lastMove < IDLE_LIMIT_MS) await sleep(100);
    return { records, complete: reachedEnd(), last };
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
