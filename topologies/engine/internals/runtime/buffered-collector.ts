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
