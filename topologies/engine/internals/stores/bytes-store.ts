/**
 * The contract every store backend meets (in memory and LMDB alike; one contract test suite
 * runs against both): ordered byte keys, byte values, and a checkpoint of the changelog offset
 * the stored data reflects, so a restart restores only the changelog tail.
 */
export interface BytesStore {
  readonly persistent: boolean;
  get(key: Buffer): Buffer | undefined;
  put(key: Buffer, value: Buffer): void;
  delete(key: Buffer): void;
  /** Entries with from <= key <= to (either bound open when undefined), in byte order. */
  range(from?: Buffer, to?: Buffer): Iterable<[Buffer, Buffer]>;
  size(): number;
  /** Makes the writes so far durable together with the changelog offset they reflect. */
  commit(changelogOffset: bigint | undefined): void;
  /** The changelog offset recorded by the last commit, if the backend keeps one. */
  checkpoint(): bigint | undefined;
  /** Drops every entry and the checkpoint (state of a task closed uncleanly under exactly-once). */
  wipe(): void;
  close(): void;
}

/**
 * Byte keys as latin1 strings: one character per byte, so JavaScript's string order is the
 * byte order and the keys can live in Maps and B-trees.
 */
export function keyString(key: Buffer): string {
  return key.toString('latin1');
}

export function keyBuffer(key: string): Buffer {
  return Buffer.from(key, 'latin1');
}
