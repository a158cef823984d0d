import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import { uniqueName } from './isolation';

export interface ReadRecord {
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  partition: number;
  offset: string;
  /** The record's timestamp (epoch ms as text): its creation time, or the broker's for LogAppendTime topics. */
  timestamp: string;
}

export interface RawRecord extends Omit<ReadRecord, 'key'> {
  key: Buffer | null;
}

/** The local stack's broker (ops/stack.env). */
export const brokers = ['127.0.0.1:19092'];

/**
 * Reads every record of a topic from the start to its end offsets, with its own group, as a
 * read_committed consumer: aborted records are skipped, and the transaction markers that end a
 * transactional topic count towards its end (they never reach `eachBatch`), so this returns.
 */
export async function readTopic(topic: string): Promise<ReadRecord[]> {
  return (await readRawTopic(topic)).map((record) => ({ ...record, key: record.key?.toString() ?? null }));
}

/** As `readTopic`, with the keys as bytes (windowed keys, Avro keys). */
export async function readRawTopic(topic: string): Promise<RawRecord[]> {
  const kafka = new Kafka({ clientId: 'test-reader', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const remaining = new Map(ends.filter((p) => p.high !== p.low).map((p) => [p.partition, BigInt(p.high)]));
  if (remaining.size === 0) return [];
  const consumer = kafka.consumer({
    groupId: uniqueName('test-reader-'),
    readUncommitted: false,
    maxWaitTimeInMs: 100,
  });
  const records: RawRecord[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve) => {
    const seen = (partition: number, lastOffset: string) => {
      const high = remaining.get(partition);
      if (high !== undefined && BigInt(lastOffset) + 1n >= high) remaining.delete(partition);
      if (remaining.size === 0) resolve();
    };
    consumer.on(consumer.events.END_BATCH_PROCESS, (event) =>
      seen(event.payload.partition, event.payload.lastOffset),
    );
    void consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          records.push({
            key: message.key,
            value: message.value,
            headers: stringHeaders(message.headers),
            partition: batch.partition,
            offset: message.offset,
            timestamp: message.timestamp,
          });
        }
      },
    });
  });
  await consumer.disconnect();
  return records;
}

/** How many records a topic holds (sum over partitions of high minus low watermark). */
export async function countRecords(topic: string): Promise<number> {
  const kafka = new Kafka({ clientId: 'test-counter', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(BigInt(p.high) - BigInt(p.low)), 0);
  } finally {
    await admin.disconnect();
  }
}

function stringHeaders(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, String(v)]));
}
