import { Serdes } from '../../serdes';
import { CachingKeyValueStore } from './caching-kv-store';
import { InMemoryBytesStore } from './in-memory-bytes-store';
import { SerializedKeyValueStore } from './typed-kv-store';

/** The backend, recording every write that reaches it. */
class RecordingBytesStore extends InMemoryBytesStore {
  readonly writes: string[] = [];

  override put(key: Buffer, value: Buffer): void {
    this.writes.push(`put ${key.toString()}=${value.readBigInt64BE(0)}`);
    super.put(key, value);
  }

  override delete(key: Buffer): void {
    this.writes.push(`delete ${key.toString()}`);
    super.delete(key);
  }
}

type Call = [string, number | null, number | null, number];

function setup(maxEntries = 100) {
  const bytes = new RecordingBytesStore();
  const below = new SerializedKeyValueStore('counts', bytes, Serdes.string(), Serdes.int64());
  const clock = { now: 0 };
  const cache = new CachingKeyValueStore('counts', below, Serdes.string(), maxEntries, () => clock.now);
  const calls: Call[] = [];
  cache.setFlushListener((key, newValue, oldValue, timestamp) =>
    calls.push([key, newValue, oldValue, timestamp]),
  );
  /** Writes below the cache as a restore would, then forgets those writes. */
  const seed = (entries: Record<string, number>): void => {
    for (const [key, value] of Object.entries(entries)) below.put(key, value);
    bytes.writes.length = 0;
  };
  return { bytes, below, cache, clock, calls, seed };
}

const entries = (items: Iterable<{ key: string; value: number }>) =>
  [...items].map((e) => `${e.key}=${e.value}`);

describe('CachingKeyValueStore', () => {
  it('collapses repeated puts into one write below and one call with the first old and last new value', () => {
    const { bytes, cache, clock, calls, seed } = setup();
    seed({ a: 1 });
    for (const [value, time] of [
      [2, 10],
      [3, 20],
      [4, 30],
    ] as const) {
      clock.now = time;
      cache.put('a', value);
    }
    expect(cache.get('a')).toBe(4);
    expect(bytes.writes).toEqual([]);
    cache.flush();
    expect(bytes.writes).toEqual(['put a=4']);
    expect(calls).toEqual([['a', 4, 1, 30]]);
    cache.flush();
    expect(bytes.writes).toEqual(['put a=4']);
    expect(calls).toHaveLength(1);
  });

  it('reports the value of the previous flush as the old value of the next one', () => {
    const { cache, clock, calls } = setup();
    clock.now = 5;
    cache.put('x', 1);
    cache.flush();
    clock.now = 6;
    cache.put('x', 2);
    cache.flush();
    expect(calls).toEqual([
      ['x', 1, null, 5],
      ['x', 2, 1, 6],
    ]);
  });

  it('writes and reports nothing for a key created and deleted between flushes', () => {
    const { bytes, cache, calls } = setup();
    cache.put('n', 1);
    cache.delete('n');
    expect(cache.get('n')).toBeUndefined();
    cache.flush();
    expect(bytes.writes).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('turns a put then delete of a stored key into one delete below and one tombstone call', () => {
    const { bytes, below, cache, clock, calls, seed } = setup();
    seed({ a: 1 });
    clock.now = 7;
    cache.put('a', 2);
    clock.now = 8;
    cache.delete('a');
    cache.flush();
    expect(bytes.writes).toEqual(['delete a']);
    expect(calls).toEqual([['a', null, 1, 8]]);
    expect(below.get('a')).toBeUndefined();
  });

  it('calls the listener with each key’s own last-write timestamp, in key order', () => {
    const { cache, clock, calls } = setup();
    clock.now = 100;
    cache.put('b', 1);
    clock.now = 200;
    cache.put('a', 1);
    clock.now = 300;
    cache.put('b', 2);
    cache.flush();
    expect(calls).toEqual([
      ['a', 1, null, 200],
      ['b', 2, null, 300],
    ]);
  });

  it('stays within maxEntries by flushing when full, losing no update', () => {
    const { below, cache, calls } = setup(3);
    let largest = 0;
    for (let i = 0; i < 10; i += 1) {
      cache.put(`k${i}`, i);
      cache.put(`k${i}`, i * 10);
      largest = Math.max(largest, cache.cachedEntries());
    }
    expect(largest).toBe(3);
    cache.flush();
    expect(entries(below.all())).toEqual(Array.from({ length: 10 }, (_, i) => `k${i}=${i * 10}`));
    expect(calls.map(([key, newValue, oldValue]) => [key, newValue, oldValue])).toEqual(
      Array.from({ length: 10 }, (_, i) => [`k${i}`, i * 10, null]),
    );
  });

  it('bounds entries cached by reads too', () => {
    const { cache, seed } = setup(2);
    seed({ a: 1, b: 2, c: 3, d: 4 });
    expect(['a', 'b', 'c', 'd'].map((key) => cache.get(key))).toEqual([1, 2, 3, 4]);
    expect(cache.cachedEntries()).toBe(2);
  });

  it('counts hits and misses', () => {
    const { cache, seed } = setup();
    seed({ a: 1 });
    cache.get('a');
    cache.get('a');
    cache.get('z');
    cache.get('z');
    cache.put('z', 5);
    cache.get('z');
    expect(cache.stats).toEqual({ hits: 2, misses: 3 });
  });

  it('merges pending writes into ranges without flushing them', () => {
    const { bytes, cache, calls, seed } = setup();
    seed({ a: 1, c: 3, e: 5 });
    cache.get('a');
    cache.put('b', 2);
    cache.delete('c');
    cache.put('e', 50);
    cache.put('z', 26);
    expect(entries(cache.all())).toEqual(['a=1', 'b=2', 'e=50', 'z=26']);
    expect(entries(cache.rangeBytes(Buffer.from('b'), Buffer.from('e')))).toEqual(['b=2', 'e=50']);
    expect(entries(cache.rangeBytes(Buffer.from('c'), Buffer.from('d')))).toEqual([]);
    expect(bytes.writes).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('keeps ranges right through writes, deletes, eviction and expiry after the first range read', () => {
    const { cache, seed } = setup(3);
    seed({ a: 1, c: 3 });
    // The first range read builds the ordered copy; everything after must keep it in step.
    expect(entries(cache.all())).toEqual(['a=1', 'c=3']);
    cache.put('b', 2);
    expect(entries(cache.all())).toEqual(['a=1', 'b=2', 'c=3']);
    cache.delete('a');
    expect(entries(cache.all())).toEqual(['b=2', 'c=3']);
    cache.put('d', 4);
    cache.put('e', 5); // full: everything is written below and the clean entries evicted
    expect(cache.cachedEntries()).toBeLessThanOrEqual(3);
    expect(entries(cache.all())).toEqual(['b=2', 'c=3', 'd=4', 'e=5']);
    expect(entries(cache.rangeBytes(Buffer.from('c'), Buffer.from('d')))).toEqual(['c=3', 'd=4']);
    cache.get('c');
    cache.expireWhere((key) => key.toString() === 'c');
    expect(entries(cache.all())).toEqual(['b=2', 'd=4', 'e=5']);
    cache.put('c', 30);
    cache.put('b', 20);
    expect(entries(cache.all())).toEqual(['b=20', 'c=30', 'd=4', 'e=5']);
    cache.flush();
    expect(entries(cache.rangeBytes(Buffer.from('a'), Buffer.from('c')))).toEqual(['b=20', 'c=30']);
  });

  it('counts entries exactly while writes are pending', () => {
    const { cache, seed } = setup();
    seed({ a: 1, c: 3, e: 5 });
    cache.put('b', 2);
    cache.delete('c');
    cache.put('e', 50);
    cache.put('n', 1);
    cache.delete('n');
    cache.get('a');
    expect(cache.approximateNumEntries()).toBe(3);
    cache.flush();
    expect(cache.approximateNumEntries()).toBe(3);
  });

  it('expires entries here and below without calling the listener', () => {
    const { bytes, below, cache, calls, seed } = setup();
    seed({ a: 1, b: 2 });
    cache.get('a');
    cache.expireWhere((key) => key.toString() === 'a');
    cache.flush();
    expect(bytes.writes).toEqual(['delete a']);
    expect(below.get('b')).toBe(2);
    expect(below.get('a')).toBeUndefined();
    expect(cache.get('a')).toBeUndefined();
    expect(calls).toEqual([]);
  });
});
