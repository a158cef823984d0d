import type { KeyValue, SessionStore, Windowed } from '../../stores';
import type { SyncSerde } from '../../serdes';
import { type SessionKey, serializeKey, sessionEndOf, sessionKeyBytes } from './composite-keys';
import type { TypedKeyValueStore } from './typed-kv-store';

/**
 * Sessions of a key kept as [key][end][start] composite keys, so lookups scan by end time.
 * Sessions that ended longer than the retention before the store's stream time (the latest session
 * end written to it, as Kafka Streams' segmented stores observe it) are refused on write and purged.
 */
export class KeyValueBackedSessionStore<K, V> implements SessionStore<K, V> {
  private purgedAt = Number.NEGATIVE_INFINITY;
  /** The latest session end written: this store's stream time. */
  private observed = Number.NEGATIVE_INFINITY;

  constructor(
    readonly name: string,
    private readonly kv: TypedKeyValueStore<SessionKey<K>, V>,
    private readonly keySerde: SyncSerde<K>,
    private readonly retentionMs: number,
  ) {}

  findSessions(key: K, earliestEnd: number, latestStart: number): KeyValue<Windowed<K>, V>[] {
    const raw = serializeKey(this.keySerde, key, this.name);
    const found: KeyValue<Windowed<K>, V>[] = [];
    const low = sessionKeyBytes(raw, earliestEnd, Number.MIN_SAFE_INTEGER);
    const high = sessionKeyBytes(raw, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    for (const entry of this.kv.rangeBytes(low, high)) {
      if (entry.key.start > latestStart) continue;
      found.push({ key: toWindowed(entry.key), value: entry.value });
    }
    return found;
  }

  put(session: Windowed<K>, value: V): void {
    if (session.window.end > this.observed) this.observed = session.window.end;
    if (this.expired(session.window.end, this.observed)) return;
    this.kv.put(toSessionKey(session), value);
  }

  remove(session: Windowed<K>): void {
    this.kv.delete(toSessionKey(session));
  }

  *all(): Iterable<KeyValue<Windowed<K>, V>> {
    for (const entry of this.kv.all()) yield { key: toWindowed(entry.key), value: entry.value };
  }

  /** Drops expired sessions; runs once per half retention of stream time (as the window store does). */
  purgeExpired(): void {
    const now = this.observed;
    if (!Number.isFinite(now)) return;
    if (now - this.purgedAt < Math.max(this.retentionMs / 2, 1000)) return;
    this.purgedAt = now;
    this.kv.expireWhere((stored) => this.expired(sessionEndOf(stored), now));
  }

  private expired(sessionEnd: number, now: number): boolean {
    return sessionEnd + this.retentionMs <= now;
  }
}

function toSessionKey<K>(session: Windowed<K>): SessionKey<K> {
  return { key: session.key, start: session.window.start, end: session.window.end };
}

function toWindowed<K>(key: SessionKey<K>): Windowed<K> {
  return { key: key.key, window: { start: key.start, end: key.end } };
}
