/**
 * CRC-32C (Castagnoli), the checksum of Kafka's v2 record batches, sliced by 8: eight table
 * look-ups per 8 bytes instead of one per byte. Measured against native packages it was not worth
 * a dependency here: the checksum is a small share of a send (docs/benchmarks.md).
 */
const TABLES = makeTables();

function makeTables(): Int32Array[] {
  const tables = Array.from({ length: 8 }, () => new Int32Array(256));
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    tables[0]![n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = tables[0]![n]!;
    for (let t = 1; t < 8; t++) {
      c = tables[0]![c & 0xff]! ^ (c >>> 8);
      tables[t]![n] = c;
    }
  }
  return tables;
}

/** The CRC-32C of `buffer[start, end)`, as an unsigned 32-bit number. */
export function crc32c(buffer: Uint8Array, start = 0, end = buffer.length): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = TABLES as [
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
  ];
  let crc = -1;
  let i = start;
  for (const last8 = end - 8; i <= last8; i += 8) {
    const a = crc ^ (buffer[i]! | (buffer[i + 1]! << 8) | (buffer[i + 2]! << 16) | (buffer[i + 3]! << 24));
    crc =
      t7[a & 0xff]! ^
      t6[(a >>> 8) & 0xff]! ^
      t5[(a >>> 16) & 0xff]! ^
      t4[a >>> 24]! ^
      t3[buffer[i + 4]!]! ^
      t2[buffer[i + 5]!]! ^
      t1[buffer[i + 6]!]! ^
      t0[buffer[i + 7]!]!;
  }
  for (; i < end; i++) crc = t0[(crc ^ buffer[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}
