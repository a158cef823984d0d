import type { Headers } from '../../record';
import { crc32c } from './crc32c';

/** Bytes before the first record of a v2 record batch (magic 2), from base offset to record count. */
const BATCH_HEADER_BYTES = 61;
/** Where the CRC-covered part starts (attributes) and where the CRC itself sits. */
const ATTRIBUTES_AT = 21;
const CRC_AT = 17;
const TRANSACTIONAL = 0x10;

/**
 * The records of one topic-partition, encoded as they arrive straight into one growing buffer in
 * Kafka's v2 record format (zigzag varints, no per-record objects, no `Long`). `batch()` puts the
 * batch header in front once the producer id, epoch and first sequence are known, at send time.
 */
export class RecordBatchBuilder {
  private buffer: Buffer;
  /** Room for the header is kept at the front, so `batch()` writes it in place without a copy. */
  private end = BATCH_HEADER_BYTES;
  private firstTimestamp = 0;
  private maxTimestamp = 0;
  count = 0;

  constructor(initialBytes = 16 * 1024) {
    this.buffer = Buffer.allocUnsafe(Math.max(initialBytes, BATCH_HEADER_BYTES + 64));
  }

  /** Bytes the batch takes so far, header included. */
  get size(): number {
    return this.end;
  }

  append(key: Buffer | null, value: Buffer | null, timestamp: number, headers?: Headers): void {
    if (this.count === 0) {
      this.firstTimestamp = timestamp;
      this.maxTimestamp = timestamp;
    } else if (timestamp > this.maxTimestamp) this.maxTimestamp = timestamp;
    const delta = timestamp - this.firstTimestamp;
    const keyLength = key === null ? -1 : key.length;
    const valueLength = value === null ? -1 : value.length;
    let headerBytes = 0;
    let headerCount = 0;
    if (headers !== undefined) {
      for (const name in headers) {
        const nameBytes = Buffer.byteLength(name);
        const header = headers[name]!;
        headerBytes += varintSize(nameBytes) + nameBytes + varintSize(header.length) + header.length;
        headerCount += 1;
      }
    }
    const body =
      1 +
      varlongSize(delta) +
      varintSize(this.count) +
      varintSize(keyLength) +
      Math.max(keyLength, 0) +
      varintSize(valueLength) +
      Math.max(valueLength, 0) +
      varintSize(headerCount) +
      headerBytes;
    this.reserve(varintSize(body) + body);
    const b = this.buffer;
    let at = writeVarint(b, this.end, body);
    b[at++] = 0; // attributes: unused for records
    at = writeVarlong(b, at, delta);
    at = writeVarint(b, at, this.count);
    at = writeVarint(b, at, keyLength);
    if (key !== null) at += key.copy(b, at);
    at = writeVarint(b, at, valueLength);
    if (value !== null) at += value.copy(b, at);
    at = writeVarint(b, at, headerCount);
    if (headers !== undefined) {
      for (const name in headers) {
        const header = headers[name]!;
        at = writeVarint(b, at, Buffer.byteLength(name));
        at += b.write(name, at);
        at = writeVarint(b, at, header.length);
        at += header.copy(b, at);
      }
    }
    this.end = at;
    this.count += 1;
  }

  /**
   * The whole record batch (base offset 0, as producers send it), CRC32C included. The records
   * stay in place, so a retried send builds the same batch again with its new sequence.
   */
  batch(producerId: bigint, producerEpoch: number, firstSequence: number, transactional: boolean): Buffer {
    const b = this.buffer;
    b.writeBigInt64BE(0n, 0); // base offset
    b.writeInt32BE(this.end - 12, 8); // batch length: everything after this field
    b.writeInt32BE(-1, 12); // partition leader epoch: unknown to producers
    b.writeInt8(2, 16); // magic
    b.writeInt16BE(transactional ? TRANSACTIONAL : 0, ATTRIBUTES_AT);
    b.writeInt32BE(this.count - 1, 23); // last offset delta
    b.writeBigInt64BE(BigInt(this.firstTimestamp), 27);
    b.writeBigInt64BE(BigInt(this.maxTimestamp), 35);
    b.writeBigInt64BE(producerId, 43);
    b.writeInt16BE(producerEpoch, 51);
    b.writeInt32BE(firstSequence, 53);
    b.writeInt32BE(this.count, 57);
    b.writeUInt32BE(crc32c(b, ATTRIBUTES_AT, this.end), CRC_AT);
    return b.subarray(0, this.end);
  }

  private reserve(bytes: number): void {
    if (this.end + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.end + bytes));
    this.buffer.copy(grown, 0, 0, this.end);
    this.buffer = grown;
  }
}

/** Zigzag (sint32) varint, as Kafka records encode lengths and offset deltas. */
function writeVarint(b: Buffer, at: number, value: number): number {
  let v = ((value << 1) ^ (value >> 31)) >>> 0;
  while (v >= 0x80) {
    b[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  b[at++] = v;
  return at;
}

function varintSize(value: number): number {
  const v = ((value << 1) ^ (value >> 31)) >>> 0;
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

/** Zigzag (sint64) varint for a timestamp delta: exact for any safe integer, no `Long`. */
function writeVarlong(b: Buffer, at: number, value: number): number {
  let v = value >= 0 ? value * 2 : -value * 2 - 1;
  while (v >= 0x80) {
    b[at++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  b[at++] = v;
  return at;
}

function varlongSize(value: number): number {
  let v = value >= 0 ? value * 2 : -value * 2 - 1;
  let size = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 0x80);
    size += 1;
  }
  return size;
}
