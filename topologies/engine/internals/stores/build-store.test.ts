import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyValueStore } from '../../stores';
import { Serdes } from '../../serdes';
import { buildStore } from './build-store';
import { FakeStoreContext } from './fake-store-context';
import type { StoreDefinition } from './store-definition';

const definition = (overrides: Partial<StoreDefinition>): StoreDefinition => ({
  name: 'counts',
  type: 'key-value',
  keySerde: Serdes.string() as StoreDefinition['keySerde'],
  valueSerde: Serdes.int64() as StoreDefinition['valueSerde'],
  logged: true,
  cached: true,
  persistent: true,
  ...overrides,
});

describe('buildStore', () => {
  let stateDir: string;

  beforeEach(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'state-'));
  });

  afterEach(() => {
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('keeps a persistent store under <stateDir>/<applicationId>/<taskId>/<store> across a rebuild', () => {
    const environment = { stateDir, cacheMaxEntries: 10 };
    const first = buildStore(definition({}), new FakeStoreContext(), environment);
    (first.store as KeyValueStore<string, number>).put('a', 1);
    first.flush();
    first.backend.commit(17n);
    first.backend.close();
    expect(existsSync(join(stateDir, 'app', '0_3', 'counts'))).toBe(true);

    const second = buildStore(definition({}), new FakeStoreContext(), environment);
    expect(second.backend.persistent).toBe(true);
    expect(second.backend.checkpoint()).toBe(17n);
    expect((second.store as KeyValueStore<string, number>).get('a')).toBe(1);
    second.backend.close();
  });

  it('puts the cache in front only when the definition asks for one', () => {
    const environment = { stateDir, cacheMaxEntries: 10 };
    const cached = buildStore(definition({ persistent: false }), new FakeStoreContext(), environment);
    const plain = buildStore(
      definition({ persistent: false, cached: false }),
      new FakeStoreContext(),
      environment,
    );
    expect(cached.cache).toBe(cached.store);
    expect(plain.cache).toBeUndefined();
    expect(plain.backend.persistent).toBe(false);
  });
});
