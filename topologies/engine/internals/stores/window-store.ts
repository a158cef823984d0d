import type { KeyValue, WindowEntry, WindowStore, Windowed } from '../../stores';
import type { SyncSerde } from '../../serdes';
import { type WindowKey, serializeKey, windowKeyBytes, windowStartOf } from './composite-keys';
import type { TypedKeyValueStore } from './typed-kv-store';

const MAX_SEQ = 0xffffffff;

/**
 * Windows of a key kept as composite keys in a key-value store. A window is kept until the store's
 * stream time (the latest window start written to it, as Kafka Streams' segmented stores observe
 * it) reaches its start plus the retention (at least window size plus grace, longer when
 * `Materialized` asks, so interactive queries can read closed windows for a while). Expired windows
 * are refused on write, hidden from reads at once and purged locally as that time advances; the
 * changelog's own retention drops them there (topic-plan.ts).
 */
export class KeyValueBackedWindowStore<K, V> implements WindowStore<K, V> {
  private seq = 0;
  private purgedAt = Number.NEGATIVE_INFINITY;
  /** The latest window start written: this store's stream time. */
  private observed = Number.NEGATIVE_INFINITY;

  constructor(
    readonly name: string,
    private readonly kv: TypedKeyValueStore<WindowKey<K>, V>,
    private readonly keySerde: SyncSerde<K>,
    private readonly windowSizeMs: number,
    private readonly retentionMs: number,
    private readonly retainDuplicates: boolean,
  ) {}

  put(key: K, value: V | null, windowStart: number): void {
    if (windowStart > this.observed) this.observed = windowStart;
    if (this.expired(windowStart, this.observed)) return;
    if (value === null) {
      this.kv.delete({ key, start: windowStart, seq: 0 });
      return;
    }
    this.seq = this.retainDuplicates ? (this.seq + 1) % MAX_SEQ : 0;
    this.kv.put({ key, start: windowStart, seq: this.seq }, value);
  }

  fetch(key: K, windowStart: number): V | undefined {
    if (this.expired(windowStart, this.observed)) return undefined;
    return this.kv.get({ key, start: windowStart, seq: 0 });
  }

  fetchRange(key: K, fromMs: number, toMs: number): WindowEntry<V>[] {
    const raw = serializeKey(this.keySerde, key, this.name);
    const entries: WindowEntry<V>[] = [];
    // The oldest window start not yet expired; a start before it may linger until the next purge.
    const oldestLive = this.observed - this.retentionMs + 1;
    const low = windowKeyBytes(raw, Math.max(fromMs, oldestLive), 0);
    const high = windowKeyBytes(raw, toMs, MAX_SEQ);
    for (const entry of this.kv.rangeBytes(low, high)) {
      entries.push({ windowStart: entry.key.start, value: entry.value });
    }
    return entries;
  }

  *all(): Iterable<KeyValue<Windowed<K>, V>> {
    const now = this.observed;
    for (const entry of this.kv.all()) {
      const { key, start } = entry.key;
      if (this.expired(start, now)) continue;
      yield { key: { key, window: { start, end: start + this.windowSizeMs } }, value: entry.value };
    }
  }

  /** Drops expired windows; cheap enough at commit because it runs once per half retention. */
  purgeExpired(): void {
    const now = this.observed;
    if (!Number.isFinite(now) || !Number.isFinite(this.retentionMs)) return;
    if (now - this.purgedAt < Math.max(this.retentionMs / 2, 1000)) return;
    this.purgedAt = now;
    this.kv.expireWhere((stored) => this.expired(windowStartOf(stored), now));
  }

  private expired(windowStart: number, now: number): boolean {
    return windowStart + this.retentionMs <= now;
  }
}
