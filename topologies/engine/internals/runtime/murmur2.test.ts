import kafkajsMurmur2 from 'kafkajs/src/producer/partitioners/default/murmur2';
import { murmur2 } from './murmur2';

describe('murmur2', () => {
  it('partitions every key as kafkajs (and Java) do, for every length mod 4', () => {
    for (let length = 0; length < 40; length++) {
      for (let seed = 0; seed < 20; seed++) {
        const key = Buffer.from(Array.from({ length }, (_, i) => (i * 97 + seed * 31 + 7) & 0xff));
        expect(murmur2(key) & 0x7fffffff).toBe(kafkajsMurmur2(key) & 0x7fffffff);
      }
    }
    // Java's Utils.murmur2 of "21" is -973932308 (the Kafka client's own test vector).
    expect(murmur2(Buffer.from('21'))).toBe(-973932308);
  });
});
