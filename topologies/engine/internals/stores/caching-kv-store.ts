import BTree from 'sorted-btree';
import type { KeyValue } from '../../stores';
import type { SyncSerde } from '../../serdes';
import { keyBuffer, keyString } from './bytes-store';
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
 * and whenever it holds `maxEntries`. Ranges never flush: they merge the cache with the store
 * below, so a processor scanning its store does not emit the pending updates early.
 */
export class CachingKeyValueStore<K, V> implements TypedKeyValueStore<K, V> {
  /** By serialized key: a `Map`, since most stores only ever get and put single keys. */
  private cache = new Map<string, CacheEntry<K, V>>();
  /**
   * The same entries ordered by serialized key, so ranges merge with the store below in one pass;
   * built at the first range read and kept from then on, so stores never read by range do not
   * pay for ordering (a B-tree here cost the windowed count 12% of its CPU).
   */
  private ordered: BTree<string, CacheEntry<K, V>> | undefined;
  /** Keys written since the last flush (a flush writes them in key order). */
  private dirtyKeys = new Set<string>();
  private listener: CacheFlushListener<K, V> | undefined;
  private flushing: number | undefined;
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

  /** Entries held in memory now, clean and dirty; at most `maxEntries`. */
  cachedEntries(): number {
    return this.cache.size;
  }

  /** While a flush writes an entry below: that entry's timestamp, which its changelog record carries. */
  flushTimestamp(): number | undefined {
    return this.flushing;
  }

  get(key: K): V | undefined {
    const cached = this.cache.get(this.cacheKey(key));
    if (cached !== undefined) {
      this.stats.hits += 1;
      return cached.value ?? undefined;
    }
    this.stats.misses += 1;
    const stored = this.inner.get(key);
    if (stored !== undefined) this.remember(key, stored, false, stored, this.recordTimestamp());
    return stored;
  }

  put(key: K, value: V): void {
    this.write(key, value);
  }

  delete(key: K): void {
    this.write(key, null);
  }

  /** Drops the entry here and below without telling the listener: expiry is not an update. */
  expireWhere(isExpired: (storedKey: Buffer) => boolean): void {
    // The last update of an expiring entry is reported first: it still counts.
    this.flush();
    const expired: string[] = [];
    for (const key of this.cache.keys()) if (isExpired(keyBuffer(key))) expired.push(key);
    for (const key of expired) this.forget(key);
    this.inner.expireWhere(isExpired);
  }

  all(): Iterable<KeyValue<K, V>> {
    return this.rangeBytes(undefined, undefined);
  }

  rangeBytes(from: Buffer | undefined, to: Buffer | undefined): Iterable<KeyValue<K, V>> {
    // Both sides are taken now (the cache as an O(1) clone), so writes during the scan are not seen.
    const cached = this.orderedCache()
      .clone()
      .entries(from === undefined ? undefined : keyString(from));
    const stored = this.inner.rangeBytes(from, to)[Symbol.iterator]();
    return this.merge(cached, stored, to === undefined ? undefined : keyString(to));
  }

  approximateNumEntries(): number {
    let pending = 0;
    for (const entry of this.cache.values()) {
      if (!entry.dirty) continue;
      if (entry.value !== null && entry.oldValue === null) pending += 1;
      if (entry.value === null && entry.oldValue !== null) pending -= 1;
    }
    return this.inner.approximateNumEntries() + pending;
  }

  flush(): void {
    // Entries stay visible in the cache while they are written, so a listener reading this store
    // sees the pending values of keys not yet flushed rather than the stale ones below.
    // In key order, so what a flush writes below and reports does not depend on the order of the
    // writes since the last one.
    const dirtyKeys = [...this.dirtyKeys].sort();
    this.dirtyKeys = new Set();
    for (const cacheKey of dirtyKeys) {
      const entry = this.cache.get(cacheKey);
      if (entry === undefined || !entry.dirty) continue;
      entry.dirty = false;
      if (entry.value === null) this.forget(cacheKey);
      const { value, oldValue } = entry;
      entry.oldValue = value;
      // Created and deleted since the last flush: nothing below to change, nothing to report.
      if (value === null && oldValue === null) continue;
      this.writeBelow(entry.key, value, entry.timestamp);
      this.listener?.(entry.key, value, oldValue, entry.timestamp);
    }
    this.inner.flush();
  }

  private writeBelow(key: K, value: V | null, timestamp: number): void {
    this.flushing = timestamp;
    try {
      if (value === null) this.inner.delete(key);
      else this.inner.put(key, value);
    } finally {
      this.flushing = undefined;
    }
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
      this.dirtyKeys.add(cacheKey);
      return;
    }
    this.remember(key, value, true, this.inner.get(key) ?? null, timestamp, cacheKey);
  }

  private remember(
    key: K,
    value: V | null,
    dirty: boolean,
    oldValue: V | null,
    timestamp: number,
    cacheKey = this.cacheKey(key),
  ): void {
    if (this.cache.size >= this.maxEntries) this.evict();
    const entry = { key, value, dirty, oldValue, timestamp };
    this.cache.set(cacheKey, entry);
    this.ordered?.set(cacheKey, entry);
    if (dirty) this.dirtyKeys.add(cacheKey);
  }

  private forget(cacheKey: string): void {
    this.cache.delete(cacheKey);
    this.ordered?.delete(cacheKey);
  }

  private orderedCache(): BTree<string, CacheEntry<K, V>> {
    if (this.ordered === undefined) {
      this.ordered = new BTree<string, CacheEntry<K, V>>();
      for (const [key, entry] of this.cache) this.ordered.set(key, entry);
    }
    return this.ordered;
  }

  /** Over capacity: write everything back and start empty, so the cache stays bounded. */
  private evict(): void {
    this.flush();
    // A listener may have written to this store during the flush; those entries are dirty again.
    for (const [key, entry] of this.cache) if (!entry.dirty) this.forget(key);
  }

  /** Cached entries (deletes hide the entry below) merged into the store's range by key. */
  private *merge(
    cached: Iterator<[string, CacheEntry<K, V>]>,
    stored: Iterator<KeyValue<K, V>>,
    high: string | undefined,
  ): Iterable<KeyValue<K, V>> {
    const nextCached = (): [string, CacheEntry<K, V>] | undefined => {
      const next = cached.next();
      return next.done === true || (high !== undefined && next.value[0] > high) ? undefined : next.value;
    };
    let mine = nextCached();
    let theirs = stored.next();
    // Serialized only while cached entries remain to merge: past them the store's range passes through.
    let theirsKey = theirs.done === true || mine === undefined ? undefined : this.cacheKey(theirs.value.key);
    try {
      while (mine !== undefined) {
        const [key, entry] = mine;
        if (theirs.done !== true && theirsKey !== undefined && theirsKey < key) {
          yield theirs.value;
          theirs = stored.next();
          theirsKey = theirs.done === true ? undefined : this.cacheKey(theirs.value.key);
          continue;
        }
        if (theirsKey === key) {
          theirs = stored.next();
          theirsKey = theirs.done === true ? undefined : this.cacheKey(theirs.value.key);
        }
        if (entry.value !== null) yield { key: entry.key, value: entry.value };
        mine = nextCached();
      }
      for (; theirs.done !== true; theirs = stored.next()) yield theirs.value;
    } finally {
      stored.return?.();
    }
  }

  private cacheKey(key: K): string {
    const encoded = this.keySerde.serialize(key, this.name);
    if (encoded === null) throw new TypeError(`store ${this.name}: a key may not be null`);
    return keyString(encoded);
  }
}
