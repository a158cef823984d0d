import type { Windowed } from '../stores';
import type { SyncSerde } from '../serdes';
import type { SuppressedEntry } from './processors/suppress';

const pad = (time: number): string => String(time).padStart(16, '0');

/** Buffer keys ordered by window end, then start, then key bytes: closed windows come first. */
export function suppressBufferKey<K>(keySerde: SyncSerde<K>): (key: Windowed<K>) => string {
  return (key) => {
    const raw = keySerde.serialize(key.key, 'suppress') ?? Buffer.alloc(0);
    return `${pad(key.window.end)}|${pad(key.window.start)}|${raw.toString('hex')}`;
  };
}

interface EncodedEntry {
  k: string;
  s: number;
  e: number;
  n: string | null;
  o: string | null;
  t: number;
}

/** Serializes buffered final results with the topology's own key and value serdes. */
export function suppressBufferSerde<K, A>(
  keySerde: SyncSerde<K>,
  valueSerde: SyncSerde<A>,
): SyncSerde<SuppressedEntry<K, A>> {
  const encode = (value: A | null): string | null =>
    value === null ? null : (valueSerde.serialize(value, 'suppress')?.toString('base64') ?? null);
  const decode = (value: string | null): A | null =>
    value === null ? null : valueSerde.deserialize(Buffer.from(value, 'base64'), 'suppress');
  return {
    serialize: (entry) => {
      if (entry === null) return null;
      const encoded: EncodedEntry = {
        k: (keySerde.serialize(entry.key.key, 'suppress') ?? Buffer.alloc(0)).toString('base64'),
        s: entry.key.window.start,
        e: entry.key.window.end,
        n: encode(entry.change.newValue),
        o: encode(entry.change.oldValue),
        t: entry.timestamp,
      };
      return Buffer.from(JSON.stringify(encoded));
    },
    deserialize: (data) => {
      if (data === null) return null as unknown as SuppressedEntry<K, A>;
      const encoded = JSON.parse(data.toString()) as EncodedEntry;
      return {
        key: {
          key: keySerde.deserialize(Buffer.from(encoded.k, 'base64'), 'suppress'),
          window: { start: encoded.s, end: encoded.e },
        },
        change: { newValue: decode(encoded.n), oldValue: decode(encoded.o) },
        timestamp: encoded.t,
      };
    },
  };
}
