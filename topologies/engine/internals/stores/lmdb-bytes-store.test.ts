import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeBytesStoreContract } from './bytes-store.contract';
import { LMDB_MAX_KEY_BYTES, LmdbBytesStore } from './lmdb-bytes-store';

describeBytesStoreContract('LmdbBytesStore', (directory) => new LmdbBytesStore(join(directory, 'store')));

const b = (text: string): Buffer => Buffer.from(text, 'latin1');
const show = (store: LmdbBytesStore): string[] =>
  [...store.range()].map(([key, value]) => `${key.toString('latin1')}=${value.toString('latin1')}`);

describe('LmdbBytesStore across close and reopen', () => {
  let directory: string;
  let path: string;
  const open: LmdbBytesStore[] = [];
  const reopen = (): LmdbBytesStore => {
    const store = new LmdbBytesStore(path);
    open.push(store);
    return store;
  };

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'lmdb-store-'));
    path = join(directory, 'app', '0_3', 'counts');
  });

  afterEach(() => {
    for (const store of open.splice(0)) store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('keeps committed data and its checkpoint, and drops what was written after the commit', () => {
    const first = reopen();
    first.put(b('a'), b('1'));
    first.put(b(''), b('empty'));
    first.commit(7n);
    first.put(b('b'), b('2'));
    first.delete(b('a'));
    first.close();

    const second = reopen();
    expect(second.checkpoint()).toBe(7n);
    expect(show(second)).toEqual(['=empty', 'a=1']);
    expect(second.size()).toBe(2);
  });

  it('has neither data nor checkpoint when nothing was ever committed', () => {
    const first = reopen();
    first.put(b('a'), b('1'));
    first.close();

    const second = reopen();
    expect(second.checkpoint()).toBeUndefined();
    expect(second.size()).toBe(0);
  });

  it('shows pending writes before commit while the disk still holds the committed state', () => {
    const first = reopen();
    first.put(b('a'), b('1'));
    first.put(b('c'), b('3'));
    first.commit(1n);
    first.delete(b('a'));
    first.put(b('b'), b('2'));
    first.put(b('c'), b('30'));
    expect(show(first)).toEqual(['b=2', 'c=30']);
    expect(first.get(b('a'))).toBeUndefined();
    first.close();

    const second = reopen();
    expect(show(second)).toEqual(['a=1', 'c=3']);
    expect(second.checkpoint()).toBe(1n);
  });

  it('persists data of a commit without an offset and keeps the last checkpoint', () => {
    const first = reopen();
    first.put(b('a'), b('1'));
    first.commit(5n);
    first.put(b('b'), b('2'));
    first.commit(undefined);
    first.close();

    const second = reopen();
    expect(second.checkpoint()).toBe(5n);
    expect(show(second)).toEqual(['a=1', 'b=2']);
  });

  it('makes a wipe durable: reopened, the store is empty and has no checkpoint', () => {
    const first = reopen();
    first.put(b('a'), b('1'));
    first.commit(3n);
    first.wipe();
    first.close();

    const second = reopen();
    expect(second.size()).toBe(0);
    expect(second.checkpoint()).toBeUndefined();
  });

  it('refuses a key LMDB cannot hold at put, so later commits still succeed', () => {
    const store = reopen();
    const longest = Buffer.alloc(LMDB_MAX_KEY_BYTES, 0x61);
    expect(() => store.put(Buffer.alloc(LMDB_MAX_KEY_BYTES + 1, 0x61), b('x'))).toThrow(RangeError);
    store.delete(Buffer.alloc(LMDB_MAX_KEY_BYTES + 1, 0x61));
    store.put(longest, b('fits'));
    store.commit(2n);
    store.close();

    expect(reopen().get(longest)).toEqual(b('fits'));
  });
});
