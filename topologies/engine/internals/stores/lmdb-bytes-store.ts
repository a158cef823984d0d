import { type Database, type RootDatabase, open } from 'lmdb';
import { type BytesStore, keyBuffer, keyString } from './bytes-store';

const CHECKPOINT_KEY = Buffer.from('changelog-offset');

/**
 * A persistent backend on LMDB. Writes collect in an overlay and land in one LMDB transaction at
 * commit together with the changelog offset they reflect, so the data on disk and its checkpoint
 * never disagree: a restart replays only the changelog after the checkpoint.
 */
export class LmdbBytesStore implements BytesStore {
  readonly persistent = true;
  private readonly root: RootDatabase<Buffer, Buffer>;
  private readonly data: Database<Buffer, Buffer>;
  private readonly meta: Database<Buffer, Buffer>;
  /** Pending writes since the last commit; null marks a delete. */
  private overlay = new Map<string, Buffer | null>();

  constructor(path: string) {
    this.root = open<Buffer, Buffer>({ path, keyEncoding: 'binary', encoding: 'binary', noSync: true });
    this.data = this.root.openDB<Buffer, Buffer>('data', { keyEncoding: 'binary', encoding: 'binary' });
    this.meta = this.root.openDB<Buffer, Buffer>('meta', { keyEncoding: 'binary', encoding: 'binary' });
  }

  get(key: Buffer): Buffer | undefined {
    const pending = this.overlay.get(keyString(key));
    if (pending !== undefined) return pending ?? undefined;
    return this.data.get(key);
  }

  put(key: Buffer, value: Buffer): void {
    this.overlay.set(keyString(key), value);
  }

  delete(key: Buffer): void {
    this.overlay.set(keyString(key), null);
  }

  *range(from?: Buffer, to?: Buffer): Iterable<[Buffer, Buffer]> {
    const low = from === undefined ? undefined : keyString(from);
    const high = to === undefined ? undefined : keyString(to);
    const pending = [...this.overlay.entries()]
      .filter(([key]) => (low === undefined || key >= low) && (high === undefined || key <= high))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    let next = 0;
    const options = { ...(from ? { start: from } : {}) };
    for (const { key, value } of this.data.getRange(options)) {
      const stored = keyString(key);
      if (high !== undefined && stored > high) break;
      for (; next < pending.length && pending[next]![0] <= stored; next += 1) {
        const [pendingKey, pendingValue] = pending[next]!;
        if (pendingValue !== null) yield [keyBuffer(pendingKey), pendingValue];
      }
      if (!this.overlay.has(stored)) yield [key, value];
    }
    for (; next < pending.length; next += 1) {
      const [pendingKey, pendingValue] = pending[next]!;
      if (pendingValue !== null) yield [keyBuffer(pendingKey), pendingValue];
    }
  }

  size(): number {
    let size = this.data.getCount();
    for (const [key, value] of this.overlay) {
      const stored = this.data.doesExist(keyBuffer(key));
      if (value === null && stored) size -= 1;
      if (value !== null && !stored) size += 1;
    }
    return size;
  }

  commit(changelogOffset: bigint | undefined): void {
    const overlay = this.overlay;
    this.overlay = new Map();
    this.root.transactionSync(() => {
      for (const [key, value] of overlay) {
        if (value === null) this.data.removeSync(keyBuffer(key));
        else this.data.putSync(keyBuffer(key), value);
      }
      if (changelogOffset !== undefined) {
        const encoded = Buffer.allocUnsafe(8);
        encoded.writeBigInt64BE(changelogOffset);
        this.meta.putSync(CHECKPOINT_KEY, encoded);
      }
    });
  }

  checkpoint(): bigint | undefined {
    return this.meta.get(CHECKPOINT_KEY)?.readBigInt64BE(0);
  }

  wipe(): void {
    this.overlay = new Map();
    this.root.transactionSync(() => {
      this.data.clearSync();
      this.meta.clearSync();
    });
  }

  close(): void {
    this.overlay = new Map();
    void this.root.close();
  }
}
