import type { WindowStore } from '../../stores';
import { Serdes } from '../../serdes';
import { type BuiltStore, buildStore } from './build-store';
import { windowKeySerde } from './composite-keys';
import { FakeStoreContext } from './fake-store-context';
import type { StoreDefinition } from './store-definition';

const SIZE = 10;
const RETENTION = 100;
const changelogKeys = windowKeySerde(Serdes.string());

function setup(overrides: Partial<StoreDefinition> = {}) {
  const context = new FakeStoreContext();
  const built: BuiltStore = buildStore(
    {
      name: 'windows',
      type: 'window',
      keySerde: Serdes.string() as StoreDefinition['keySerde'],
      valueSerde: Serdes.int64() as StoreDefinition['valueSerde'],
      logged: true,
      cached: false,
      persistent: false,
      windowSizeMs: SIZE,
      retentionMs: RETENTION,
      ...overrides,
    },
    context,
    { stateDir: '/nonexistent-state-dir', cacheMaxEntries: 100 },
  );
  const store = built.store as WindowStore<string, number>;
  /** The changelog as [key, window start, value] (null for a tombstone). */
  const changelog = () =>
    context.changelog.map(({ key, value }) => {
      const windowKey = changelogKeys.deserialize(key, 't');
      return [windowKey.key, windowKey.start, value === null ? null : Number(value.readBigInt64BE(0))];
    });
  return { context, built, store, changelog };
}

const listAll = (store: WindowStore<string, number>) =>
  [...store.all()].map(({ key, value }) => [key.key, key.window.start, key.window.end, value]);

describe('KeyValueBackedWindowStore', () => {
  it('fetches, overwrites and deletes one window of one key', () => {
    const { store } = setup();
    store.put('a', 1, 20);
    store.put('a', 2, 20);
    expect(store.fetch('a', 20)).toBe(2);
    expect(store.fetch('a', 30)).toBeUndefined();
    store.put('a', null, 20);
    expect(store.fetch('a', 20)).toBeUndefined();
  });

  it('fetches the windows of one key starting in [from, to], oldest first, negative starts included', () => {
    const { store } = setup();
    for (const start of [10, -20, 0, 30, -10]) store.put('a', start, start);
    store.put('ab', 99, 0);
    store.put('', 98, 0);
    expect(store.fetchRange('a', -10, 10)).toEqual([
      { windowStart: -10, value: -10 },
      { windowStart: 0, value: 0 },
      { windowStart: 10, value: 10 },
    ]);
    expect(store.fetchRange('a', 11, 29)).toEqual([]);
    expect(store.fetchRange('ab', -100, 100)).toEqual([{ windowStart: 0, value: 99 }]);
  });

  it('lists all windows by key (shorter serialized keys first), then start, with their ends', () => {
    const { store } = setup();
    store.put('ab', 1, 0);
    store.put('b', 2, 10);
    store.put('b', 3, -10);
    store.put('a', 4, 0);
    expect(listAll(store)).toEqual([
      ['a', 0, 10, 4],
      ['b', -10, 0, 3],
      ['b', 10, 20, 2],
      ['ab', 0, 10, 1],
    ]);
  });

  it("refuses writes to windows whose start is a retention or more behind the store's stream time (the latest start written)", () => {
    const { store, changelog } = setup();
    store.put('z', 9, 200);
    store.put('a', 1, 100);
    store.put('a', 2, 101);
    expect(store.fetchRange('a', 0, 200)).toEqual([{ windowStart: 101, value: 2 }]);
    expect(changelog()).toEqual([
      ['z', 200, 9],
      ['a', 101, 2],
    ]);
  });

  it('keeps every record of a window with retainDuplicates, in arrival order', () => {
    const { store } = setup({ retainDuplicates: true });
    store.put('a', 3, 50);
    store.put('a', 1, 50);
    store.put('a', 2, 50);
    store.put('a', 7, 40);
    expect(store.fetchRange('a', 40, 50).map((entry) => entry.value)).toEqual([7, 3, 1, 2]);
  });

  it('keeps one value per window without retainDuplicates', () => {
    const { store } = setup();
    store.put('a', 3, 50);
    store.put('a', 1, 50);
    expect(store.fetchRange('a', 40, 50)).toEqual([{ windowStart: 50, value: 1 }]);
  });

  it('purges expired windows locally, without changelog tombstones, at most once per max(retention / 2, 1 s)', () => {
    const { built, store, changelog } = setup();
    for (const start of [0, 60, 150]) store.put('a', start, start);
    store.put('z', 0, 200);
    built.purgeExpired();
    expect(listAll(store)).toEqual([
      ['a', 150, 160, 150],
      ['z', 200, 210, 0],
    ]);
    // The changelog's own retention (by append time) drops old windows; a purge writes nothing.
    expect(changelog()).toHaveLength(4);
    store.put('z', 0, 1199);
    built.purgeExpired();
    expect(built.backend.size()).toBe(3); // a@150 and z@200 expired, not purged yet
    store.put('z', 0, 1200);
    built.purgeExpired();
    expect(built.backend.size()).toBe(2); // z@1199 and z@1200
  });

  it("hides a window from reads once the store's stream time reaches its start plus the retention, before any purge", () => {
    const { built, store } = setup();
    store.put('a', 7, 10);
    store.put('z', 0, 109);
    expect(store.fetch('a', 10)).toBe(7);
    expect(store.fetchRange('a', 0, 100)).toEqual([{ windowStart: 10, value: 7 }]);
    expect(listAll(store).filter(([key]) => key === 'a')).toEqual([['a', 10, 20, 7]]);
    store.put('z', 0, 110);
    expect(store.fetch('a', 10)).toBeUndefined();
    expect(store.fetchRange('a', 0, 100)).toEqual([]);
    expect(listAll(store).filter(([key]) => key === 'a')).toEqual([]);
    expect(built.backend.size()).toBe(3);
  });

  it('reports a cached window’s last update before purging it, and never reports the purge', () => {
    const { context, built, store, changelog } = setup({ cached: true });
    const calls: unknown[] = [];
    built.cache!.setFlushListener((key, newValue, oldValue, timestamp) =>
      calls.push([key, newValue, oldValue, timestamp]),
    );
    context.timestamp = 5;
    store.put('a', 1, 0);
    context.timestamp = 7;
    store.put('a', 2, 0);
    context.timestamp = 9;
    store.put('z', 9, 100);
    built.purgeExpired();
    built.flush();
    expect(calls).toEqual([
      [{ key: 'a', start: 0, seq: 0 }, 2, null, 7],
      [{ key: 'z', start: 100, seq: 0 }, 9, null, 9],
    ]);
    expect(changelog()).toEqual([
      ['a', 0, 2],
      ['z', 100, 9],
    ]);
    expect(store.fetch('a', 0)).toBeUndefined();
  });
});
