import { Serdes } from '../../serdes';
import { sessionKeyBytes, sessionKeySerde, windowKeyBytes, windowKeySerde } from './composite-keys';

/** A seeded generator (mulberry32), so a failing case is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const next = random(20240601);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
const int = (low: number, high: number): number => low + Math.floor(next() * (high - low + 1));

/** Few distinct bytes and short keys, so prefixes and ties are common. */
const randomKey = (): Buffer =>
  Buffer.from(Array.from({ length: int(0, 3) }, () => pick([0, 1, 0x7f, 0x80, 0xff])));
const randomTime = (): number =>
  pick([
    () => int(-3, 3),
    () => int(-(2 ** 40), 2 ** 40),
    () => pick([Number.MIN_SAFE_INTEGER, -1, 0, 1, Number.MAX_SAFE_INTEGER]),
  ])();
const randomSeq = (): number => pick([0, 1, 2, 0x7fffffff, 0x80000000, 0xffffffff]);

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);
const byNumber = (a: number, b: number): number => sign(a - b);
/** The order the composite layout promises: key length, key bytes, then the times. */
const byKey = (a: Buffer, b: Buffer): number => byNumber(a.length, b.length) || Buffer.compare(a, b);

describe('window keys', () => {
  it('sort in byte order exactly as (length-prefixed key, start, seq)', () => {
    const keys = Array.from({ length: 250 }, () => ({
      key: randomKey(),
      start: randomTime(),
      seq: randomSeq(),
    }));
    const bytes = keys.map(({ key, start, seq }) => windowKeyBytes(key, start, seq));
    const mismatches: string[] = [];
    keys.forEach((a, i) =>
      keys.forEach((b, j) => {
        const expected = byKey(a.key, b.key) || byNumber(a.start, b.start) || byNumber(a.seq, b.seq);
        if (sign(Buffer.compare(bytes[i]!, bytes[j]!)) !== expected) mismatches.push(`${i} vs ${j}`);
      }),
    );
    expect(mismatches).toEqual([]);
  });

  it('lay out [length][key][start with the sign bit flipped][seq] big-endian', () => {
    expect(windowKeyBytes(Buffer.from([0xab]), 0, 1).toString('hex')).toBe(
      '00000001' + 'ab' + '8000000000000000' + '00000001',
    );
    expect(windowKeyBytes(Buffer.alloc(0), -1, 0xffffffff).toString('hex')).toBe(
      '00000000' + '7fffffffffffffff' + 'ffffffff',
    );
  });

  it('round-trip through windowKeySerde', () => {
    const serde = windowKeySerde(Serdes.string());
    for (const value of [
      { key: '', start: 0, seq: 0 },
      { key: 'channel-1', start: -1, seq: 0xffffffff },
      { key: 'ключ', start: Number.MIN_SAFE_INTEGER, seq: 7 },
      { key: 'k', start: Number.MAX_SAFE_INTEGER, seq: 0x80000000 },
      { key: 'k', start: 1717200000000, seq: 1 },
    ]) {
      expect(serde.deserialize(serde.serialize(value, 't'), 't')).toEqual(value);
    }
  });

  it('refuse a null key', () => {
    const serde = windowKeySerde(Serdes.string());
    expect(() => serde.serialize({ key: null as unknown as string, start: 0, seq: 0 }, 'counts')).toThrow(
      'store counts: a key may not be null',
    );
  });
});

describe('session keys', () => {
  it('sort in byte order exactly as (length-prefixed key, end, start)', () => {
    const keys = Array.from({ length: 250 }, () => ({
      key: randomKey(),
      end: randomTime(),
      start: randomTime(),
    }));
    const bytes = keys.map(({ key, end, start }) => sessionKeyBytes(key, end, start));
    const mismatches: string[] = [];
    keys.forEach((a, i) =>
      keys.forEach((b, j) => {
        const expected = byKey(a.key, b.key) || byNumber(a.end, b.end) || byNumber(a.start, b.start);
        if (sign(Buffer.compare(bytes[i]!, bytes[j]!)) !== expected) mismatches.push(`${i} vs ${j}`);
      }),
    );
    expect(mismatches).toEqual([]);
  });

  it('round-trip through sessionKeySerde', () => {
    const serde = sessionKeySerde(Serdes.string());
    for (const value of [
      { key: '', start: 0, end: 0 },
      { key: 'a', start: -50, end: -10 },
      { key: 'user:42', start: Number.MIN_SAFE_INTEGER, end: Number.MAX_SAFE_INTEGER },
      { key: 'b', start: 1717200000000, end: 1717200005000 },
    ]) {
      expect(serde.deserialize(serde.serialize(value, 't'), 't')).toEqual(value);
    }
  });
});
