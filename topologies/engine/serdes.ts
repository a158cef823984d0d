/**
 * Serdes turn keys and values into bytes at the edges of a topology (source and sink topics,
 * changelogs, repartition topics) and back. Everything between the edges works on typed objects.
 */
export interface Serde<T> {
  serialize(value: T, topic: string): Buffer | null;
  /** May return a promise (a schema registry lookup on an unknown id); the runtime awaits only then. */
  deserialize(data: Buffer | null, topic: string): T | Promise<T>;
}

/** A serde whose deserialization never needs I/O: required for state stores and changelogs. */
export interface SyncSerde<T> extends Serde<T> {
  deserialize(data: Buffer | null, topic: string): T;
}

function nullable<T>(encode: (value: T) => Buffer, decode: (data: Buffer) => T): SyncSerde<T> {
  return {
    serialize: (value) => (value === null || value === undefined ? null : encode(value)),
    deserialize: (data) => (data === null ? (null as T) : decode(data)),
  };
}

/** The serdes a topology needs for plain keys and values. */
export const Serdes = {
  /** UTF-8 strings. */
  string(): SyncSerde<string> {
    return nullable(
      (value) => Buffer.from(value, 'utf8'),
      (data) => data.toString('utf8'),
    );
  },
  /** JSON documents; the caller vouches for the shape. */
  json<T>(): SyncSerde<T> {
    return nullable(
      (value: T) => Buffer.from(JSON.stringify(value), 'utf8'),
      (data) => JSON.parse(data.toString('utf8')) as T,
    );
  },
  /** Signed 64-bit big-endian integers, the layout Kafka's LongSerializer writes. */
  int64(): SyncSerde<number> {
    return nullable(
      (value) => {
        const out = Buffer.allocUnsafe(8);
        out.writeBigInt64BE(BigInt(Math.trunc(value)));
        return out;
      },
      (data) => Number(data.readBigInt64BE(0)),
    );
  },
  /** Bytes as they are. */
  buffer(): SyncSerde<Buffer> {
    return nullable(
      (value) => value,
      (data) => data,
    );
  },
};
