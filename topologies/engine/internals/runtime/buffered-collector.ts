import type { Message, RecordMetadata, TopicMessages } from 'kafkajs';
import type { OutgoingRecord, RecordCollector } from '../record-collector';

/**
 * Holds a task's output (sinks, repartition, changelogs, dead letters) until the task commits,
 * so nothing leaves the process that the commit does not cover: under exactly-once the records go
 * out inside the task's transaction; under at-least-once they are sent just before the offsets.
 */
export class BufferedCollector implements RecordCollector {
  private records: OutgoingRecord[] = [];

  send(record: OutgoingRecord): void {
    this.records.push(record);
  }

  get size(): number {
    return this.records.length;
  }

  /** Takes the buffered records. */
  drain(): OutgoingRecord[] {
    const records = this.records;
    this.records = [];
    return records;
  }

  /** Drops what was buffered: the task's uncommitted work is being discarded. */
  discard(): void {
    this.records = [];
  }
}

/** Records grouped per topic in the shape kafkajs `sendBatch` wants. */
export function toTopicMessages(records: readonly OutgoingRecord[]): TopicMessages[] {
  {
    const byTopic = new Map<string, Message[]>();
    for (const record of records) {
      const message: Message = {
        key: record.key,
        value: record.value,
        timestamp: String(record.timestamp),
        ...(record.partition !== undefined ? { partition: record.partition } : {}),
        ...(record.headers ? { headers: record.headers } : {}),
      };
      const list = byTopic.get(record.topic);
      if (list === undefined) byTopic.set(record.topic, [message]);
      else list.push(message);
    }
    const topicMessages = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    return topicMessages;
  }
}

/** Stays well under the broker's default 1 MB per record batch; kafkajs does not split batches. */
const MAX_REQUEST_BYTES = 512 * 1024;
/**
 * kafkajs groups a send's messages per partition by copying the partition's array for every
 * message, which is quadratic in the messages per call: keep each call small.
 */
const MAX_REQUEST_MESSAGES = 1_000;

/** Splits a send into requests whose records add up to at most `maxBytes` (keys, values, headers). */
export function chunkTopicMessages(
  topicMessages: readonly TopicMessages[],
  maxBytes = MAX_REQUEST_BYTES,
  maxMessages = MAX_REQUEST_MESSAGES,
): TopicMessages[][] {
  const chunks: TopicMessages[][] = [];
  let current = new Map<string, Message[]>();
  let size = 0;
  let count = 0;
  const close = () => {
    if (current.size > 0) chunks.push([...current].map(([topic, messages]) => ({ topic, messages })));
    current = new Map();
    size = 0;
    count = 0;
  };
  for (const { topic, messages } of topicMessages) {
    for (const message of messages) {
      const bytes = 64 + byteLength(message.key) + byteLength(message.value) + headerBytes(message.headers);
      if (size + bytes > maxBytes || count >= maxMessages) close();
      const list = current.get(topic);
      if (list === undefined) current.set(topic, [message]);
      else list.push(message);
      size += bytes;
      count += 1;
    }
  }
  close();
  return chunks;
}

function byteLength(value: Buffer | string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}

function headerBytes(headers: Message['headers']): number {
  let total = 0;
  for (const [name, value] of Object.entries(headers ?? {})) {
    total +=
      name.length +
      (Array.isArray(value) ? value.reduce((sum: number, v) => sum + byteLength(v), 0) : byteLength(value));
  }
  return total;
}

/**
 * Sends in requests the broker accepts and returns the offset of the last record written to each
 * explicitly partitioned topic-partition (the changelogs): what a store checkpoint may claim.
 */
export async function sendInChunks(
  topicMessages: readonly TopicMessages[],
  send: (chunk: TopicMessages[]) => Promise<RecordMetadata[]>,
): Promise<Map<string, bigint>> {
  const last = new Map<string, bigint>();
  for (const chunk of chunkTopicMessages(topicMessages)) {
    const counts = new Map<string, number>();
    for (const { topic, messages } of chunk) {
      for (const message of messages) {
        if (message.partition === undefined) continue;
        const id = `${topic}:${message.partition}`;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    }
    for (const entry of await send(chunk)) {
      const id = `${entry.topicName}:${entry.partition}`;
      const count = counts.get(id);
      if (count === undefined || entry.baseOffset === undefined) continue;
      const offset = BigInt(entry.baseOffset) + BigInt(count - 1);
      if (offset > (last.get(id) ?? -1n)) last.set(id, offset);
    }
  }
  return last;
}
