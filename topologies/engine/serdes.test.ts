import { Serdes } from './index';

const hex = (data: Buffer | null) => data?.toString('hex') ?? null;

describe('Serdes', () => {
  it('int64 writes signed 64-bit big-endian longs, as Kafka LongSerializer does', () => {
    const serde = Serdes.int64();
    expect(hex(serde.serialize(1, 't'))).toBe('0000000000000001');
    expect(hex(serde.serialize(-1, 't'))).toBe('ffffffffffffffff');
    expect(hex(serde.serialize(1_700_000_000_000, 't'))).toBe('0000018bcfe56800');
    for (const value of [0, 42, -42, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) {
      expect(serde.deserialize(serde.serialize(value, 't'), 't')).toBe(value);
    }
  });

  it('string writes UTF-8 and keeps the empty string apart from null', () => {
    const serde = Serdes.string();
    expect(hex(serde.serialize('é✓', 't'))).toBe('c3a9e29c93');
    expect(serde.deserialize(Buffer.from('c3a9e29c93', 'hex'), 't')).toBe('é✓');
    expect(serde.serialize('', 't')).toEqual(Buffer.alloc(0));
    expect(serde.deserialize(Buffer.alloc(0), 't')).toBe('');
  });

  it('json round-trips documents', () => {
    const serde = Serdes.json<{ id: number; tags: string[]; at: string | null }>();
    const doc = { id: 7, tags: ['a', 'ü'], at: null };
    expect(serde.serialize(doc, 't')?.toString('utf8')).toBe('{"id":7,"tags":["a","ü"],"at":null}');
    expect(serde.deserialize(serde.serialize(doc, 't'), 't')).toEqual(doc);
  });

  it('buffer passes bytes through unchanged', () => {
    const serde = Serdes.buffer();
    const bytes = Buffer.from([0, 255, 16]);
    expect(serde.serialize(bytes, 't')).toEqual(bytes);
    expect(serde.deserialize(Buffer.from([1, 2]), 't')).toEqual(Buffer.from([1, 2]));
  });

  it('every serde maps null to null both ways, so tombstones stay tombstones', () => {
    for (const serde of [Serdes.int64(), Serdes.string(), Serdes.json<unknown>(), Serdes.buffer()]) {
      expect(serde.serialize(null as never, 't')).toBeNull();
      expect(serde.deserialize(null, 't')).toBeNull();
    }
  });
});
