import type { BytesStore } from './bytes-store';
import type { StoreContext } from './store-context';

/**
 * Sends every write to the store's changelog partition as well. Restore writes to the inner
 * store directly, so replaying the changelog never logs again.
 */
export class ChangeLoggingBytesStore implements BytesStore {
  readonly persistent: boolean;

  constructor(
    readonly inner: BytesStore,
    private readonly topic: string,
    private readonly context: StoreContext,
  ) {
    this.persistent = inner.persistent;
  }

  get(key: Buffer): Buffer | undefined {
    return this.inner.get(key);
  }

  put(key: Buffer, value: Buffer): void {
    this.inner.put(key, value);
    this.context.logChange(this.topic, key, value, this.context.recordTimestamp());
  }

  delete(key: Buffer): void {
    this.inner.delete(key);
    this.context.logChange(this.topic, key, null, this.context.recordTimestamp());
  }

  range(from?: Buffer, to?: Buffer): Iterable<[Buffer, Buffer]> {
    return this.inner.range(from, to);
  }

  size(): number {
    return this.inner.size();
  }

  commit(changelogOffset: bigint | undefined): void {
    this.inner.commit(changelogOffset);
  }

  checkpoint(): bigint | undefined {
    return this.inner.checkpoint();
  }

  wipe(): void {
    this.inner.wipe();
  }

  close(): void {
    this.inner.close();
  }
}
