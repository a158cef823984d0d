import { StreamsError } from '../../errors';
import type {
  KeyValue,
  ReadOnlyKeyValueStore,
  ReadOnlyWindowStore,
  WindowEntry,
  Windowed,
} from '../../stores';
import type { StreamTask } from '../task';

/**
 * Read-only views over one store across the tasks this instance runs. Each task holds the keys of
 * its partition, so a key is found in at most one of them.
 */
export function localStores<S>(name: string, tasks: () => readonly StreamTask[]): () => S[] {
  return () => {
    const found = tasks()
      .map((task) => task.store(name))
      .filter((store) => store !== undefined);
    if (found.length === 0) {
      throw new StreamsError(
        'STREAMS_STORE_UNAVAILABLE',
        `store ${name} is not hosted by a running task of this instance`,
      );
    }
    return found as S[];
  };
}

export function keyValueView<K, V>(
  name: string,
  stores: () => ReadOnlyKeyValueStore<K, V>[],
): ReadOnlyKeyValueStore<K, V> {
  return {
    name,
    get: (key) => {
      for (const store of stores()) {
        const value = store.get(key);
        if (value !== undefined) return value;
      }
      return undefined;
    },
    all: function* (): Iterable<KeyValue<K, V>> {
      for (const store of stores()) yield* store.all();
    },
    approximateNumEntries: () => stores().reduce((sum, store) => sum + store.approximateNumEntries(), 0),
  };
}

export function windowView<K, V>(
  name: string,
  stores: () => ReadOnlyWindowStore<K, V>[],
): ReadOnlyWindowStore<K, V> {
  return {
    name,
    fetch: (key, windowStart) => {
      for (const store of stores()) {
        const value = store.fetch(key, windowStart);
        if (value !== undefined) return value;
      }
      return undefined;
    },
    fetchRange: (key, fromMs, toMs): WindowEntry<V>[] =>
      stores().flatMap((store) => store.fetchRange(key, fromMs, toMs)),
    all: function* (): Iterable<KeyValue<Windowed<K>, V>> {
      for (const store of stores()) yield* store.all();
    },
  };
}
