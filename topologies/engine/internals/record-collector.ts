import type { Headers } from '../record';

/** A serialized record on its way to a topic. */
export interface OutgoingRecord {
  readonly topic: string;
  /** Set for changelogs (the task's partition); otherwise the key decides. */
  readonly partition?: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
  readonly headers?: Headers;
}

/**
 * Where a task's output goes: sink topics, repartition topics, changelogs, side outputs. The
 * runtime's collector buffers and sends at commit; the test driver's keeps records in memory.
 */
export interface RecordCollector {
  send(record: OutgoingRecord): void;
}
