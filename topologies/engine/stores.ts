/**
 * The state store contracts processors and interactive queries see. Stores are typed; bytes,
 * caching and change-logging are layers beneath (see internals/stores/).
 */
export interface StateStore {
  readonly name: string;
}

export interface KeyValue<K, V> {
  readonly key: K;
  readonly value: V;
}

/** A time interval [start, end) that a windowed aggregate covers. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

/** A key together with the window its aggregate belongs to. */
export interface Windowed<K> {
  readonly key: K;
  readonly window: TimeWindow;
}

export interface ReadOnlyKeyValueStore<K, V> extends StateStore {
  get(key: K): V | undefined;
  /** Every entry, ordered by serialized key. */
  all(): Iterable<KeyValue<K, V>>;
  approximateNumEntries(): number;
}

export interface KeyValueStore<K, V> extends ReadOnlyKeyValueStore<K, V> {
  put(key: K, value: V): void;
  delete(key: K): void;
}

export interface WindowEntry<V> {
  readonly windowStart: number;
  readonly value: V;
}

export interface ReadOnlyWindowStore<K, V> extends StateStore {
  /** The value of one window of one key. */
  fetch(key: K, windowStart: number): V | undefined;
  /** The windows of `key` starting in [fromMs, toMs], oldest first. */
  fetchRange(key: K, fromMs: number, toMs: number): WindowEntry<V>[];
  /** Every window of every key. */
  all(): Iterable<KeyValue<Windowed<K>, V>>;
}

export interface WindowStore<K, V> extends ReadOnlyWindowStore<K, V> {
  /** Stores (or, with null, removes) one window's value. */
  put(key: K, value: V | null, windowStart: number): void;
}

export interface ReadOnlySessionStore<K, V> extends StateStore {
  /** Sessions of `key` that end at or after `earliestEnd` and start at or before `latestStart`. */
  findSessions(key: K, earliestEnd: number, latestStart: number): KeyValue<Windowed<K>, V>[];
  all(): Iterable<KeyValue<Windowed<K>, V>>;
}

export interface SessionStore<K, V> extends ReadOnlySessionStore<K, V> {
  put(session: Windowed<K>, value: V): void;
  remove(session: Windowed<K>): void;
}
