import Decoder from 'kafkajs/src/protocol/decoder';
import crc32C from 'kafkajs/src/protocol/recordBatch/crc32C';
import decodeRecordBatch from 'kafkajs/src/protocol/recordBatch/v0/decoder';
import { crc32c } from './crc32c';
import { RecordBatchBuilder } from './record-batch';

describe('record batches the engine encodes itself', () => {
  it('decode with kafkajs to the records appended, negative and 64-bit timestamp deltas included', async () => {
    const builder = new RecordBatchBuilder(80); // small, so appending grows the buffer
    const base = 1_767_225_600_000;
    const appended = [
      { key: Buffer.from('k1'), value: Buffer.from('v'.repeat(300)), timestamp: base },
      { key: null, value: Buffer.from('v2'), timestamp: base - 5_000 },
      { key: Buffer.from('k3'), value: null, timestamp: base + 30 * 86_400_000 },
      {
        key: Buffer.alloc(0),
        value: Buffer.alloc(0),
        timestamp: 0,
        headers: { h: Buffer.from('x'), é: Buffer.alloc(0) },
      },
    ];
    for (const r of appended) builder.append(r.key, r.value, r.timestamp, r.headers);

    const bytes = builder.batch(123_456_789_012n, 7, 42, true);
    const decoded = await decodeRecordBatch(new Decoder(bytes));

    expect(decoded).toMatchObject({
      firstOffset: '0',
      firstTimestamp: String(base),
      maxTimestamp: String(base + 30 * 86_400_000),
      producerId: '123456789012',
      producerEpoch: 7,
      firstSequence: 42,
      inTransaction: true,
      lastOffsetDelta: 3,
    });
    expect(
      decoded.records.map((r) => ({
        key: r.key,
        value: r.value,
        timestamp: r.timestamp,
        headers: r.headers,
      })),
    ).toEqual(
      appended.map((r) => ({
        key: r.key,
        value: r.value,
        timestamp: String(r.timestamp),
        headers: r.headers ?? {},
      })),
    );
    expect(decoded.records.map((r) => r.offset)).toEqual(['0', '1', '2', '3']);
    // The CRC covers everything from the attributes on (offset 21).
    expect(bytes.readUInt32BE(17)).toBe(crc32C(bytes.subarray(21)));
  });

  it('computes CRC-32C as kafkajs does, for every length around the 8-byte slices', () => {
    const data = Buffer.from(Array.from({ length: 100 }, (_, i) => (i * 37 + 11) & 0xff));
    for (let n = 0; n <= data.length; n++) expect(crc32c(data, 0, n)).toBe(crc32C(data.subarray(0, n)));
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283); // the standard check value
  });
});
