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

/** Records grouped per topic in the shape kafkajs `sendBatch` wants, with counts per partition. */
export function toTopicMessages(records: readonly OutgoingRecord[]): {
  topicMessages: TopicMessages[];
  perPartition: Map<string, number>;
} {
  {
    const byTopic = new Map<string, Message[]>();
    const perPartition = new Map<string, number>();
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
      if (record.partition !== undefined) {
        const id = `${record.topic}:${record.partition}`;
        perPartition.set(id, (perPartition.get(id) ?? 0) + 1);
      }
    }
    const topicMessages = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    return { topicMessages, perPartition };
  }
}

/**
 * The offset of the last record written to each explicitly partitioned topic-partition (the
 * changelogs), from the produce responses: what a store's checkpoint may claim to contain.
 */
export function lastOffsets(
  metadata: readonly RecordMetadata[],
  perPartition: ReadonlyMap<string, number>,
): Map<string, bigint> {
  const offsets = new Map<string, bigint>();
  for (const entry of metadata) {
    const count = perPartition.get(`${entry.topicName}:${entry.partition}`);
    if (count === undefined || entry.baseOffset === undefined) continue;
    offsets.set(`${entry.topicName}:${entry.partition}`, BigInt(entry.baseOffset) + BigInt(count - 1));
  }
  return offsets;
}
