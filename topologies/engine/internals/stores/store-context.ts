/** What the store layers need from the task that owns them. */
export interface StoreContext {
  readonly applicationId: string;
  readonly taskId: string;
  /** The input partition of the task: changelog records go to the same partition number. */
  readonly partition: number;
  /** Hands a changelog record to the task's record collector. */
  logChange(topic: string, key: Buffer, value: Buffer | null, timestamp: number): void;
  /** Event time of the record being processed (the stream time inside punctuators). */
  recordTimestamp(): number;
}

/** Kafka Streams' naming, so operators recognise the topics. */
export function changelogTopicName(applicationId: string, storeName: string): string {
  return `${applicationId}-${storeName}-changelog`;
}
