import BTree from 'sorted-btree';
import { type BytesStore, keyBuffer, keyString } from './bytes-store';

/** An ordered in-memory backend; after a restart it is rebuilt from the whole changelog. */
export class InMemoryBytesStore implements BytesStore {
  readonly persistent = false;
  private tree = new BTree<string, Buffer>();

  get(key: Buffer): Buffer | undefined {
    return this.tree.get(keyString(key));
  }

  put(key: Buffer, value: Buffer): void {
    this.tree.set(keyString(key), value);
  }

  delete(key: Buffer): void {
    this.tree.delete(keyString(key));
  }

  range(from?: Buffer, to?: Buffer): Iterable<[Buffer, Buffer]> {
    // A B-tree iterator skips entries when the tree changes under it (a caller deleting while it
    // scans, a cache flush during a scan); an O(1) copy-on-write clone gives a stable snapshot.
    return entriesBetween(this.tree.clone(), from, to);
  }

  size(): number {
    return this.tree.size;
  }

  commit(): void {
    // Nothing to make durable: the changelog is this store's only durable copy.
  }

  checkpoint(): bigint | undefined {
    return undefined;
  }

  wipe(): void {
    this.tree = new BTree<string, Buffer>();
  }

  close(): void {
    this.tree.clear();
  }
}

function* entriesBetween(
  tree: BTree<string, Buffer>,
  from?: Buffer,
  to?: Buffer,
): Iterable<[Buffer, Buffer]> {
  const high = to === undefined ? undefined : keyString(to);
  for (const [key, value] of tree.entries(from === undefined ? undefined : keyString(from))) {
    if (high !== undefined && key > high) return;
    yield [keyBuffer(key), value];
  }
}
