import type { Windowed } from './stores';
import type { SyncSerde } from './serdes';

/**
 * Windowed keys as Kafka Streams' TimeWindowedSerde writes them: the key bytes followed by the
 * window start as an 8-byte big-endian long. The end is start plus the window size.
 */
export function windowedSerde<K>(inner: SyncSerde<K>, windowSizeMs: number): SyncSerde<Windowed<K>> {
  return {
    serialize: (value, topic) => {
      if (value === null || value === undefined) return null;
      const key = inner.serialize(value.key, topic) ?? Buffer.alloc(0);
      const out = Buffer.allocUnsafe(key.length + 8);
      key.copy(out, 0);
      out.writeBigInt64BE(BigInt(value.window.start), key.length);
      return out;
    },
    deserialize: (data, topic) => {
      if (data === null) return null as unknown as Windowed<K>;
      const start = Number(data.readBigInt64BE(data.length - 8));
      const key = inner.deserialize(data.subarray(0, data.length - 8), topic);
      return { key, window: { start, end: start + windowSizeMs } };
    },
  };
}

/**
 * Session keys as Kafka Streams' SessionWindowedSerde writes them: the key bytes, then the session
 * end and start as 8-byte big-endian longs. Sessions vary in length, so the end must travel too.
 */
export function sessionWindowedSerde<K>(inner: SyncSerde<K>): SyncSerde<Windowed<K>> {
  return {
    serialize: (value, topic) => {
      if (value === null || value === undefined) return null;
      const key = inner.serialize(value.key, topic) ?? Buffer.alloc(0);
      const out = Buffer.allocUnsafe(key.length + 16);
      key.copy(out, 0);
      out.writeBigInt64BE(BigInt(value.window.end), key.length);
      out.writeBigInt64BE(BigInt(value.window.start), key.length + 8);
      return out;
    },
    deserialize: (data, topic) => {
      if (data === null) return null as unknown as Windowed<K>;
      const end = Number(data.readBigInt64BE(data.length - 16));
      const start = Number(data.readBigInt64BE(data.length - 8));
      const key = inner.deserialize(data.subarray(0, data.length - 16), topic);
      return { key, window: { start, end } };
    },
  };
}
