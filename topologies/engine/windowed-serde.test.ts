import { Serdes, windowedSerde } from './index';
import { sessionWindowedSerde } from './windowed-serde';

const long = (value: number) => {
  const out = Buffer.alloc(8);
  out.writeBigInt64BE(BigInt(value));
  return out;
};

describe('windowedSerde', () => {
  const serde = windowedSerde(Serdes.string(), 60_000);
  const key = { key: 'chan', window: { start: 1_700_000_040_000, end: 1_700_000_100_000 } };

  it('writes the key bytes then the window start as an 8-byte big-endian long', () => {
    const bytes = serde.serialize(key, 't');
    expect(bytes).toEqual(Buffer.concat([Buffer.from('chan'), long(1_700_000_040_000)]));
    expect(bytes?.toString('hex')).toBe('6368616e0000018bcfe60440');
  });

  it('reads the key back and derives the end from the window size', () => {
    const bytes = Buffer.concat([Buffer.from('chan'), long(1_700_000_040_000)]);
    expect(serde.deserialize(bytes, 't')).toEqual(key);
    expect(
      serde.deserialize(serde.serialize({ key: '', window: { start: 0, end: 60_000 } }, 't'), 't'),
    ).toEqual({
      key: '',
      window: { start: 0, end: 60_000 },
    });
  });

  it('maps null to null', () => {
    expect(serde.serialize(null as never, 't')).toBeNull();
    expect(serde.deserialize(null, 't')).toBeNull();
  });
});

describe('sessionWindowedSerde', () => {
  it('writes the key bytes, the session end and then its start, as Kafka SessionWindowedSerde', () => {
    const serde = sessionWindowedSerde(Serdes.string());
    const session = { key: 'u1', window: { start: 5, end: 90 } };
    const bytes = serde.serialize(session, 't');
    expect(bytes).toEqual(Buffer.concat([Buffer.from('u1'), long(90), long(5)]));
    expect(serde.deserialize(bytes, 't')).toEqual(session);
  });
});
