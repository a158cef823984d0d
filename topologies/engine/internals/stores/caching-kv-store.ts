import type { KeyValue } from '../../stores';
import type { SyncSerde } from '../../serdes';
import { keyString } from './bytes-store';
import type { TypedKeyValueStore } from './typed-kv-store';

/** Called for every dirty entry when the cache flushes: the point where "emit on update" emits. */
export type CacheFlushListener<K, V> = (
  key: K,
  newValue: V | null,
  oldValue: V | null,
  timestamp: number,
) => void;

interface CacheEntry<K, V> {
  key: K;
  /** null: deleted since the last flush. */
  value: V | null;
  dirty: boolean;
  /** The value below the cache when the entry became dirty. */
  oldValue: V | null;
  timestamp: number;
}

export interface CacheStats {
  hits: number;
  misses: number;
}

/**
 * A per-task write-back cache: repeated updates to one key between commits collapse into one
 * write below (and one changelog record, and one downstream record). It flushes at every commit
 * and whenever it holds more than `maxEntries`.
 */
export class CachingKeyValueStore<K, V> implements TypedKeyValueStore<K, V> {
  private cache = new Map<string, CacheEntry<K, V>>();
  private listener: CacheFlushListener<K, V> | undefined;
  readonly stats: CacheStats = { hits: 0, misses: 0 };

  constructor(
    readonly name: string,
    private readonly inner: TypedKeyValueStore<K, V>,
    private readonly keySerde: SyncSerde<K>,
    private readonly maxEntries: number,
    private readonly recordTimestamp: () => number,
  ) {}

  setFlushListener(listener: CacheFlushListener<K, V>): void {
    this.listener = listener;
  }

  get(key: K): V | undefined {
    const cached = this.cache.get(this.cacheKey(key));
    if (cached !== undefined) {
      this.stats.hits += 1;
      return cached.value ?? undefined;
    }
    this.stats.misses += 1;
    const stored = this.inner.get(key);
    if (stored !== undefined) this.remember(key, stored, false, stored);
    return stored;
  }

  put(key: K, value: V): void {
    this.write(key, value);
  }

  delete(key: K): void {
    this.write(key, null);
  }

  all(): Iterable<KeyValue<K, V>> {
    this.flush();
    return this.inner.all();
  }

  rangeBytes(from: Buffer | undefined, to: Buffer | undefined): Iterable<KeyValue<K, V>> {
    this.flush();
    return this.inner.rangeBytes(from, to);
  }

  approximateNumEntries(): number {
    return this.inner.approximateNumEntries() + this.cache.size;
  }

  flush(): void {
    this.flushEntries(true);
  }

  private flushEntries(keepClean: boolean): void {
    const entries = this.cache;
    this.cache = new Map();
    for (const [cacheKey, entry] of entries) {
      if (!entry.dirty) {
        if (keepClean) this.cache.set(cacheKey, entry);
        continue;
      }
      if (entry.value === null) this.inner.delete(entry.key);
      else this.inner.put(entry.key, entry.value);
      this.listener?.(entry.key, entry.value, entry.oldValue, entry.timestamp);
      if (keepClean && entry.value !== null) {
        this.cache.set(cacheKey, { ...entry, dirty: false, oldValue: entry.value });
      }
    }
    this.inner.flush();
  }

  private write(key: K, value: V | null): void {
    const cacheKey = this.cacheKey(key);
    const cached = this.cache.get(cacheKey);
    const timestamp = this.recordTimestamp();
    if (cached !== undefined) {
      if (!cached.dirty) cached.oldValue = cached.value;
      cached.value = value;
      cached.dirty = true;
      cached.timestamp = timestamp;
      return;
    }
    this.remember(key, value, true, this.inner.get(key) ?? null, timestamp);
  }

  private remember(
    key: K,
    value: V | null,
    dirty: boolean,
    oldValue: V | null,
    timestamp = this.recordTimestamp(),
  ): void {
    // Over capacity: write everything back and start empty, so the cache stays bounded.
    if (this.cache.size >= this.maxEntries) this.flushEntries(false);
    this.cache.set(this.cacheKey(key), { key, value, dirty, oldValue, timestamp });
  }

  private cacheKey(key: K): string {
    const encoded = this.keySerde.serialize(key, this.name);
    if (encoded === null) throw new TypeError(`store ${this.name}: a key may not be null`);
    return keyString(encoded);
  }
}
