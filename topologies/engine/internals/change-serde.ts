import { StreamsError } from '../errors';
import type { SyncSerde } from '../serdes';
import type { Change } from './processors/change';

const HAS_NEW = 1;
const HAS_OLD = 2;
const HEADER_BYTES = 5;

function invalid(topic: string, why: string): StreamsError {
  return new StreamsError('STREAMS_DESERIALIZATION_FAILED', `${topic}: a table change ${why}`);
}

/**
 * A table change on the wire (a regrouped table's repartition topic): the new and the old value in
 * one record, so the reading task can subtract the old value and add the new one. Layout: one flag
 * byte (1: new value present, 2: old value present), the new value's length as a 32-bit big-endian
 * integer, the new value's bytes, then the old value's bytes. Kafka Streams' `ChangedSerializer`
 * carries the same two values, in its own layout.
 */
export function changeSerde<V>(inner: SyncSerde<V>): SyncSerde<Change<V>> {
  return {
    serialize: (change, topic) => {
      if (change === null || change === undefined) return null;
      const newBytes = change.newValue === null ? null : inner.serialize(change.newValue, topic);
      const oldBytes = change.oldValue === null ? null : inner.serialize(change.oldValue, topic);
      const header = Buffer.alloc(HEADER_BYTES);
      header.writeUInt8((newBytes === null ? 0 : HAS_NEW) | (oldBytes === null ? 0 : HAS_OLD), 0);
      header.writeUInt32BE(newBytes?.length ?? 0, 1);
      return Buffer.concat([header, newBytes ?? Buffer.alloc(0), oldBytes ?? Buffer.alloc(0)]);
    },
    deserialize: (data, topic) => {
      if (data === null) return null as unknown as Change<V>;
      if (data.length < HEADER_BYTES) throw invalid(topic, `needs ${HEADER_BYTES} header bytes`);
      const flags = data.readUInt8(0);
      const newLength = data.readUInt32BE(1);
      const newEnd = HEADER_BYTES + newLength;
      if (newEnd > data.length) throw invalid(topic, 'has a new value longer than the record');
      return {
        newValue: flags & HAS_NEW ? inner.deserialize(data.subarray(HEADER_BYTES, newEnd), topic) : null,
        oldValue: flags & HAS_OLD ? inner.deserialize(data.subarray(newEnd), topic) : null,
      };
    },
  };
}
