import type { SyncSerde } from '../../serdes';

/**
 * Composite byte keys for window and session stores: [key length][key][time][time or sequence].
 * The length prefix keeps one key's entries contiguous; times are written with the sign bit
 * flipped so byte order is numeric order, even for negative timestamps.
 */
export interface WindowKey<K> {
  readonly key: K;
  readonly start: number;
  /** Tells apart records kept as duplicates in the same window (stream-stream joins). */
  readonly seq: number;
}

export interface SessionKey<K> {
  readonly key: K;
  readonly start: number;
  readonly end: number;
}

const WORD = 4294967296;

/**
 * A time (a safe integer) as a big-endian 64-bit two's complement number with the sign bit
 * flipped, written as two 32-bit words: no BigInt on the hot path of every store access.
 */
function writeTime(out: Buffer, offset: number, time: number): void {
  const high = Math.floor(time / WORD);
  out.writeUInt32BE((high ^ 0x80000000) >>> 0, offset);
  out.writeUInt32BE(time - high * WORD, offset + 4);
}

function readTime(data: Buffer, offset: number): number {
  const high = (data.readUInt32BE(offset) ^ 0x80000000) | 0;
  return high * WORD + data.readUInt32BE(offset + 4);
}

function keyBytes<K>(serde: SyncSerde<K>, key: K, topic: string): Buffer {
  const encoded = serde.serialize(key, topic);
  if (encoded === null) throw new TypeError(`store ${topic}: a key may not be null`);
  return encoded;
}

/** [len][key][start][seq]; `seq` as unsigned 32 bits. */
export function windowKeyBytes(rawKey: Buffer, start: number, seq: number): Buffer {
  const out = Buffer.allocUnsafe(4 + rawKey.length + 12);
  out.writeUInt32BE(rawKey.length, 0);
  rawKey.copy(out, 4);
  writeTime(out, 4 + rawKey.length, start);
  out.writeUInt32BE(seq >>> 0, 12 + rawKey.length);
  return out;
}

export function windowKeySerde<K>(serde: SyncSerde<K>): SyncSerde<WindowKey<K>> {
  return {
    serialize: (value, topic) => windowKeyBytes(keyBytes(serde, value.key, topic), value.start, value.seq),
    deserialize: (data, topic) => {
      const length = data!.readUInt32BE(0);
      return {
        key: serde.deserialize(data!.subarray(4, 4 + length), topic),
        start: readTime(data!, 4 + length),
        seq: data!.readUInt32BE(12 + length),
      };
    },
  };
}

/** [len][key][end][start]: sessions of a key ordered by end time, as Kafka Streams keeps them. */
export function sessionKeyBytes(rawKey: Buffer, end: number, start: number): Buffer {
  const out = Buffer.allocUnsafe(4 + rawKey.length + 16);
  out.writeUInt32BE(rawKey.length, 0);
  rawKey.copy(out, 4);
  writeTime(out, 4 + rawKey.length, end);
  writeTime(out, 12 + rawKey.length, start);
  return out;
}

export function sessionKeySerde<K>(serde: SyncSerde<K>): SyncSerde<SessionKey<K>> {
  return {
    serialize: (value, topic) => sessionKeyBytes(keyBytes(serde, value.key, topic), value.end, value.start),
    deserialize: (data, topic) => {
      const length = data!.readUInt32BE(0);
      return {
        key: serde.deserialize(data!.subarray(4, 4 + length), topic),
        end: readTime(data!, 4 + length),
        start: readTime(data!, 12 + length),
      };
    },
  };
}

export { keyBytes as serializeKey };

/** The window start inside a stored window key, read without deserializing the key. */
export function windowStartOf(stored: Buffer): number {
  return readTime(stored, 4 + stored.readUInt32BE(0));
}

/** The session end inside a stored session key, read without deserializing the key. */
export function sessionEndOf(stored: Buffer): number {
  return readTime(stored, 4 + stored.readUInt32BE(0));
}
