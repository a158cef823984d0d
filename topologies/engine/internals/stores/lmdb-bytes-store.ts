import { type Database, type RootDatabase, open } from 'lmdb';
import BTree from 'sorted-btree';
import { type BytesStore, keyBuffer, keyString } from './bytes-store';

const CHECKPOINT_KEY = Buffer.from('changelog-offset');

/**
 * LMDB refuses zero-length keys, but an empty serialized key (the string "") is a valid store
 * key. Every stored key starts with this byte; a common prefix leaves the byte order unchanged.
 */
const KEY_PREFIX = Buffer.from([0]);

/** LMDB's limit (1978 bytes) less the prefix byte. */
export const LMDB_MAX_KEY_BYTES = 1977;

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
  /** Pending writes since the last commit, ordered so ranges merge them in; null marks a delete. */
  private overlay = new BTree<string, Buffer | null>();

  constructor(path: string) {
    this.root = open<Buffer, Buffer>({ path, keyEncoding: 'binary', encoding: 'binary', noSync: true });
    this.data = this.root.openDB<Buffer, Buffer>('data', { keyEncoding: 'binary', encoding: 'binary' });
    this.meta = this.root.openDB<Buffer, Buffer>('meta', { keyEncoding: 'binary', encoding: 'binary' });
  }

  get(key: Buffer): Buffer | undefined {
    const pending = this.overlay.get(keyString(key));
    if (pending !== undefined) return pending ?? undefined;
    return this.data.get(storedKey(key));
  }

  put(key: Buffer, value: Buffer): void {
    // Refused here, not at commit: a key LMDB cannot hold would fail every later commit.
    if (key.length > LMDB_MAX_KEY_BYTES) {
      throw new RangeError(`store key of ${key.length} bytes exceeds LMDB's ${LMDB_MAX_KEY_BYTES}`);
    }
    this.overlay.set(keyString(key), value);
  }

  delete(key: Buffer): void {
    // put refuses such a key, so it cannot be stored, and LMDB would reject its removal at commit.
    if (key.length > LMDB_MAX_KEY_BYTES) return;
    this.overlay.set(keyString(key), null);
  }

  range(from?: Buffer, to?: Buffer): Iterable<[Buffer, Buffer]> {
    // Snapshot the overlay (an O(1) clone) so writes during the scan cannot derail the merge.
    const pending = this.overlay.clone().entries(from === undefined ? undefined : keyString(from));
    const stored = this.data.getRange(from === undefined ? {} : { start: storedKey(from) });
    return mergeRanges(pending, storedEntries(stored), to === undefined ? undefined : keyString(to));
  }

  size(): number {
    let size = this.data.getCount();
    for (const [key, value] of this.overlay.entries()) {
      const stored = this.data.doesExist(storedKey(keyBuffer(key)));
      if (value === null && stored) size -= 1;
      if (value !== null && !stored) size += 1;
    }
    return size;
  }

  commit(changelogOffset: bigint | undefined): void {
    if (this.overlay.size === 0 && changelogOffset === undefined) return;
    this.root.transactionSync(() => {
      for (const [key, value] of this.overlay.entries()) {
        if (value === null) this.data.removeSync(storedKey(keyBuffer(key)));
        else this.data.putSync(storedKey(keyBuffer(key)), value);
      }
      if (changelogOffset !== undefined) {
        const encoded = Buffer.allocUnsafe(8);
        encoded.writeBigInt64BE(changelogOffset);
        this.meta.putSync(CHECKPOINT_KEY, encoded);
      }
    });
    // Cleared only after the transaction: if it fails (and aborts), the writes stay pending.
    this.overlay = new BTree();
  }

  checkpoint(): bigint | undefined {
    return this.meta.get(CHECKPOINT_KEY)?.readBigInt64BE(0);
  }

  wipe(): void {
    this.overlay = new BTree();
    this.root.transactionSync(() => {
      this.data.clearSync();
      this.meta.clearSync();
    });
  }

  close(): void {
    this.overlay = new BTree();
    void this.root.close();
  }
}

function storedKey(key: Buffer): Buffer {
  return Buffer.concat([KEY_PREFIX, key]);
}

function* storedEntries(range: Iterable<{ key: Buffer; value: Buffer }>): Iterator<[string, Buffer]> {
  for (const { key, value } of range) yield [keyString(key.subarray(KEY_PREFIX.length)), value];
}

/** Pending and committed entries in key order; a pending entry (or delete) hides a committed one. */
function* mergeRanges(
  pending: Iterator<[string, Buffer | null]>,
  stored: Iterator<[string, Buffer]>,
  high: string | undefined,
): Iterable<[Buffer, Buffer]> {
  const within = <T>(next: IteratorResult<[string, T]>): [string, T] | undefined =>
    next.done === true || (high !== undefined && next.value[0] > high) ? undefined : next.value;
  let mine = within(pending.next());
  let theirs = within(stored.next());
  try {
    for (;;) {
      if (theirs !== undefined && (mine === undefined || theirs[0] < mine[0])) {
        yield [keyBuffer(theirs[0]), theirs[1]];
        theirs = within(stored.next());
        continue;
      }
      if (mine === undefined) return;
      const [key, value] = mine;
      if (value !== null) yield [keyBuffer(key), value];
      if (theirs !== undefined && theirs[0] === key) theirs = within(stored.next());
      mine = within(pending.next());
    }
  } finally {
    // Ends LMDB's read transaction when the scan stops early (past `high`, or the caller breaks).
    stored.return?.();
  }
}
