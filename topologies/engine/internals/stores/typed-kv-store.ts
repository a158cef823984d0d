import type { KeyValue, KeyValueStore } from '../../stores';
import type { SyncSerde } from '../../serdes';
import type { BytesStore } from './bytes-store';
import { ChangeLoggingBytesStore } from './change-logging-bytes-store';

/** The typed key-value contract the store layers share (caching sits on top of serialization). */
export interface TypedKeyValueStore<K, V> extends KeyValueStore<K, V> {
  /** Entries whose serialized keys lie in [from, to], either bound open when undefined. */
  rangeBytes(from: Buffer | undefined, to: Buffer | undefined): Iterable<KeyValue<K, V>>;
  /** Pushes cached writes down (and to their listeners); a no-op without a cache. */
  flush(): void;
  /**
   * Drops the entries whose serialized key `isExpired` accepts, locally only: never reported to a
   * flush listener (expiry is not an update) and never written to the changelog, whose own
   * retention drops old windows, as Kafka Streams' segmented stores do (see topic-plan.ts).
   */
  expireWhere(isExpired: (storedKey: Buffer) => boolean): void;
}

/** Turns typed keys and values into bytes for a byte store. */
export class SerializedKeyValueStore<K, V> implements TypedKeyValueStore<K, V> {
  constructor(
    readonly name: string,
    readonly bytes: BytesStore,
    private readonly keySerde: SyncSerde<K>,
    private readonly valueSerde: SyncSerde<V>,
  ) {}

  get(key: K): V | undefined {
    const value = this.bytes.get(this.keyBytes(key));
    return value === undefined ? undefined : this.valueSerde.deserialize(value, this.name);
  }

  put(key: K, value: V): void {
    const encoded = this.valueSerde.serialize(value, this.name);
    if (encoded === null) this.bytes.delete(this.keyBytes(key));
    else this.bytes.put(this.keyBytes(key), encoded);
  }

  delete(key: K): void {
    this.bytes.delete(this.keyBytes(key));
  }

  all(): Iterable<KeyValue<K, V>> {
    return this.rangeBytes(undefined, undefined);
  }

  rangeBytes(from: Buffer | undefined, to: Buffer | undefined): Iterable<KeyValue<K, V>> {
    // The backend's range is taken now, not at the first step of the iteration.
    return this.deserializeAll(this.bytes.range(from, to));
  }

  approximateNumEntries(): number {
    return this.bytes.size();
  }

  flush(): void {
    // Writes are already in the byte store.
  }

  expireWhere(isExpired: (storedKey: Buffer) => boolean): void {
    const local = this.bytes instanceof ChangeLoggingBytesStore ? this.bytes.inner : this.bytes;
    const expired: Buffer[] = [];
    for (const [key] of local.range()) if (isExpired(key)) expired.push(key);
    for (const key of expired) local.delete(key);
  }

  private *deserializeAll(entries: Iterable<[Buffer, Buffer]>): Iterable<KeyValue<K, V>> {
    for (const [key, value] of entries) {
      yield {
        key: this.keySerde.deserialize(key, this.name),
        value: this.valueSerde.deserialize(value, this.name),
      };
    }
  }

  private keyBytes(key: K): Buffer {
    const encoded = this.keySerde.serialize(key, this.name);
    if (encoded === null) throw new TypeError(`store ${this.name}: a key may not be null`);
    return encoded;
  }
}
