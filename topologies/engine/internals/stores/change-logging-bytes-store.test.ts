import type { KeyValueStore } from '../../stores';
import { Serdes } from '../../serdes';
import { buildStore } from './build-store';
import { ChangeLoggingBytesStore } from './change-logging-bytes-store';
import { FakeStoreContext, type LoggedChange } from './fake-store-context';
import { InMemoryBytesStore } from './in-memory-bytes-store';
import type { StoreDefinition } from './store-definition';

const b = (text: string): Buffer => Buffer.from(text);
const show = (records: LoggedChange[]) =>
  records.map(({ topic, key, value, timestamp }) => [
    topic,
    key.toString(),
    value === null ? null : Number(value.readBigInt64BE(0)),
    timestamp,
  ]);

describe('ChangeLoggingBytesStore', () => {
  it('sends one record per put and delete to its changelog topic, stamped with the record time', () => {
    const context = new FakeStoreContext();
    const inner = new InMemoryBytesStore();
    const store = new ChangeLoggingBytesStore(inner, 'app-counts-changelog', context);
    context.timestamp = 10;
    store.put(b('a'), b('1'));
    context.timestamp = 11;
    store.put(b('a'), b('2'));
    store.delete(b('b'));
    expect(
      context.changelog.map(({ topic, key, value, timestamp }) => [
        topic,
        `${key}`,
        value && `${value}`,
        timestamp,
      ]),
    ).toEqual([
      ['app-counts-changelog', 'a', '1', 10],
      ['app-counts-changelog', 'a', '2', 11],
      ['app-counts-changelog', 'b', null, 11],
    ]);
    expect(store.get(b('a'))).toEqual(b('2'));
    expect(inner.size()).toBe(1);
  });

  it('logs nothing for restore writes, which go to the inner store', () => {
    const context = new FakeStoreContext();
    const store = new ChangeLoggingBytesStore(new InMemoryBytesStore(), 'app-counts-changelog', context);
    store.inner.put(b('a'), b('1'));
    store.inner.delete(b('c'));
    expect(context.changelog).toEqual([]);
    expect([...store.range()]).toEqual([[b('a'), b('1')]]);
  });
});

const definition = (overrides: Partial<StoreDefinition>): StoreDefinition => ({
  name: 'counts',
  type: 'key-value',
  keySerde: Serdes.string() as StoreDefinition['keySerde'],
  valueSerde: Serdes.int64() as StoreDefinition['valueSerde'],
  logged: true,
  cached: true,
  persistent: false,
  ...overrides,
});
const environment = { stateDir: '/nonexistent-state-dir', cacheMaxEntries: 100 };

describe('change-logging beneath a cache (buildStore)', () => {
  it('collapses each key to one changelog record per flush, carrying its last update time', () => {
    const context = new FakeStoreContext();
    const built = buildStore(definition({}), context, environment);
    const store = built.store as KeyValueStore<string, number>;
    expect(built.changelogTopic).toBe('app-counts-changelog');
    for (const [key, value, time] of [
      ['b', 1, 100],
      ['a', 1, 110],
      ['b', 2, 120],
      ['b', 3, 130],
      ['c', 9, 140],
    ] as const) {
      context.timestamp = time;
      store.put(key, value);
    }
    store.delete('c');
    context.timestamp = 999;
    expect(context.changelog).toEqual([]);
    built.flush();
    expect(show(context.changelog)).toEqual([
      ['app-counts-changelog', 'a', 1, 110],
      ['app-counts-changelog', 'b', 3, 130],
    ]);
    built.flush();
    expect(context.changelog).toHaveLength(2);
  });

  it('logs every write when the store is not cached', () => {
    const context = new FakeStoreContext();
    const built = buildStore(definition({ cached: false }), context, environment);
    const store = built.store as KeyValueStore<string, number>;
    store.put('a', 1);
    store.put('a', 2);
    store.delete('a');
    expect(show(context.changelog)).toEqual([
      ['app-counts-changelog', 'a', 1, 0],
      ['app-counts-changelog', 'a', 2, 0],
      ['app-counts-changelog', 'a', null, 0],
    ]);
  });

  it('has no changelog topic and logs nothing when not logged', () => {
    const context = new FakeStoreContext();
    const built = buildStore(definition({ logged: false, cached: false }), context, environment);
    (built.store as KeyValueStore<string, number>).put('a', 1);
    expect(built.changelogTopic).toBeUndefined();
    expect(context.changelog).toEqual([]);
    expect(built.backend.get(b('a'))?.readBigInt64BE(0)).toBe(1n);
  });
});
