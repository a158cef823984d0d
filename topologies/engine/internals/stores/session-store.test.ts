import type { KeyValue, SessionStore, Windowed } from '../../stores';
import { Serdes } from '../../serdes';
import { buildStore } from './build-store';
import { sessionKeySerde } from './composite-keys';
import { FakeStoreContext } from './fake-store-context';
import type { StoreDefinition } from './store-definition';

const RETENTION = 50;
const changelogKeys = sessionKeySerde(Serdes.string());

function setup() {
  const context = new FakeStoreContext();
  const built = buildStore(
    {
      name: 'sessions',
      type: 'session',
      keySerde: Serdes.string() as StoreDefinition['keySerde'],
      valueSerde: Serdes.int64() as StoreDefinition['valueSerde'],
      logged: true,
      cached: false,
      persistent: false,
      retentionMs: RETENTION,
    },
    context,
    { stateDir: '/nonexistent-state-dir', cacheMaxEntries: 100 },
  );
  const store = built.store as SessionStore<string, number>;
  const put = (key: string, start: number, end: number, value: number) =>
    store.put({ key, window: { start, end } }, value);
  return { context, built, store, put };
}

const show = (sessions: Iterable<KeyValue<Windowed<string>, number>>) =>
  [...sessions].map(({ key, value }) => [key.key, key.window.start, key.window.end, value]);

describe('KeyValueBackedSessionStore', () => {
  it('finds the sessions of a key ending at or after earliestEnd and starting at or before latestStart', () => {
    const { store, put } = setup();
    put('a', -30, -20, 1);
    put('a', 0, 10, 2);
    put('a', 20, 30, 3);
    put('a', 40, 50, 4);
    put('ab', 0, 100, 5);
    put('', 0, 100, 6);
    expect(show(store.findSessions('a', 25, 40))).toEqual([
      ['a', 20, 30, 3],
      ['a', 40, 50, 4],
    ]);
    expect(show(store.findSessions('a', 30, 39))).toEqual([['a', 20, 30, 3]]);
    expect(show(store.findSessions('a', 31, 39))).toEqual([]);
    expect(show(store.findSessions('a', -25, 5))).toEqual([
      ['a', -30, -20, 1],
      ['a', 0, 10, 2],
    ]);
    expect(show(store.findSessions('', -1000, 1000))).toEqual([['', 0, 100, 6]]);
  });

  it('orders sessions of one key by end, then start', () => {
    const { store, put } = setup();
    put('a', 5, 20, 1);
    put('a', 0, 20, 2);
    put('a', 10, 15, 3);
    expect(show(store.findSessions('a', 0, 100))).toEqual([
      ['a', 10, 15, 3],
      ['a', 0, 20, 2],
      ['a', 5, 20, 1],
    ]);
  });

  it('removes a session and lists all sessions by key, then end', () => {
    const { store, put } = setup();
    put('b', 0, 5, 1);
    put('a', 10, 20, 2);
    put('a', 0, 5, 3);
    store.remove({ key: 'b', window: { start: 0, end: 5 } });
    expect(show(store.all())).toEqual([
      ['a', 0, 5, 3],
      ['a', 10, 20, 2],
    ]);
  });

  it("refuses sessions that ended a retention or more before the store's stream time (the latest end written)", () => {
    const { store, put } = setup();
    put('z', 90, 100, 9);
    put('a', 40, 50, 1);
    put('a', 41, 51, 2);
    expect(show(store.all())).toEqual([
      ['a', 41, 51, 2],
      ['z', 90, 100, 9],
    ]);
  });

  it('purges expired sessions locally, without changelog tombstones', () => {
    const { context, built, store, put } = setup();
    put('a', 0, 10, 1);
    put('a', 30, 60, 2);
    built.purgeExpired();
    expect(show(store.all())).toEqual([['a', 30, 60, 2]]);
    const tombstones = context.changelog
      .filter((record) => record.value === null)
      .map((record) => changelogKeys.deserialize(record.key, 't'));
    expect(tombstones).toEqual([]);
  });
});
