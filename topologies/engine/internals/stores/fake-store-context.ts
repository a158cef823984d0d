import type { StoreContext } from './store-context';

/** One record a store layer handed to the task for its changelog. */
export interface LoggedChange {
  readonly topic: string;
  readonly key: Buffer;
  readonly value: Buffer | null;
  readonly timestamp: number;
}

/**
 * A task stand-in for store tests: collects changelog records and lets the test set the record
 * time that the store layers read.
 */
export class FakeStoreContext implements StoreContext {
  readonly applicationId = 'app';
  readonly taskId = '0_3';
  readonly partition = 3;
  readonly changelog: LoggedChange[] = [];
  timestamp = 0;

  logChange(topic: string, key: Buffer, value: Buffer | null, timestamp: number): void {
    this.changelog.push({ topic, key, value, timestamp });
  }

  recordTimestamp(): number {
    return this.timestamp;
  }
}
