import type { BytesStore } from './bytes-store';
import { describeBytesStoreContract } from './bytes-store.contract';
import { InMemoryBytesStore } from './in-memory-bytes-store';

describeBytesStoreContract('InMemoryBytesStore', () => new InMemoryBytesStore());

describe('InMemoryBytesStore', () => {
  it('is not persistent and keeps no checkpoint: the whole changelog restores it', () => {
    const store: BytesStore = new InMemoryBytesStore();
    store.put(Buffer.from('k'), Buffer.from('v'));
    store.commit(12n);
    expect(store.persistent).toBe(false);
    expect(store.checkpoint()).toBeUndefined();
    expect(store.get(Buffer.from('k'))).toEqual(Buffer.from('v'));
  });
});
