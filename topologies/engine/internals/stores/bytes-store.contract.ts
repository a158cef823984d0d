import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Imported rather than global: this file is not a *.test.ts, so the build compiles it without jest's types.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { BytesStore } from './bytes-store';

/** Opens a backend whose files (if any) live in `directory`, a fresh temporary directory per test. */
export type BytesStoreFactory = (directory: string) => BytesStore;

const b = (text: string): Buffer => Buffer.from(text, 'latin1');
const hex = (bytes: number[]): Buffer => Buffer.from(bytes);
const show = (entries: Iterable<[Buffer, Buffer]>): string[] =>
  [...entries].map(([key, value]) => `${key.toString('hex')}=${value.toString('latin1')}`);

/** Keys that trip naive orderings: prefixes of each other, bytes >= 0x80, the empty key. */
const TRICKY_KEYS = [
  b('ab'),
  hex([0xff]),
  b(''),
  b('abc'),
  hex([0x80]),
  b('a'),
  hex([0x00]),
  hex([0xff, 0x00]),
  b('b'),
  hex([0x7f]),
];
const SORTED_HEX = ['', '00', '61', '6162', '616263', '62', '7f', '80', 'ff', 'ff00'];

/**
 * The behaviour every BytesStore backend shares (Kafka Streams' AbstractKeyValueStoreTest idea).
 * Persistence across reopen is backend-specific and tested beside each backend.
 */
export function describeBytesStoreContract(name: string, factory: BytesStoreFactory): void {
  describe(`${name} meets the BytesStore contract`, () => {
    let directory: string;
    let store: BytesStore;

    beforeEach(() => {
      directory = mkdtempSync(join(tmpdir(), 'bytes-store-'));
      store = factory(directory);
    });

    afterEach(() => {
      store.close();
      rmSync(directory, { recursive: true, force: true });
    });

    it('gets what was put, overwrites, and deletes', () => {
      expect(store.get(b('k'))).toBeUndefined();
      store.put(b('k'), b('v1'));
      expect(store.get(b('k'))).toEqual(b('v1'));
      store.put(b('k'), b('v2'));
      expect(store.get(b('k'))).toEqual(b('v2'));
      store.delete(b('k'));
      expect(store.get(b('k'))).toBeUndefined();
      store.delete(b('never-written'));
      expect(store.size()).toBe(0);
    });

    it('holds the empty key and the empty value, before and after commit', () => {
      store.put(b(''), b('empty key'));
      store.put(b('empty value'), b(''));
      expect(store.get(b(''))).toEqual(b('empty key'));
      store.commit(1n);
      expect(store.get(b(''))).toEqual(b('empty key'));
      expect(store.get(b('empty value'))).toEqual(b(''));
      expect(store.size()).toBe(2);
    });

    it('ranges over every key in byte order', () => {
      for (const key of TRICKY_KEYS) store.put(key, b(`v${key.toString('hex')}`));
      expect([...store.range()].map(([key]) => key.toString('hex'))).toEqual(SORTED_HEX);
      expect(store.size()).toBe(TRICKY_KEYS.length);
    });

    it('keeps the byte order when half the keys are committed and half are pending', () => {
      TRICKY_KEYS.forEach((key, i) => {
        store.put(key, b(`v${i}`));
        if (i === 4) store.commit(1n);
      });
      expect([...store.range()].map(([key]) => key.toString('hex'))).toEqual(SORTED_HEX);
    });

    it('treats both range bounds as inclusive and either as open when undefined', () => {
      for (const key of TRICKY_KEYS) store.put(key, b('x'));
      store.commit(1n);
      const keys = (from?: Buffer, to?: Buffer) => [...store.range(from, to)].map(([k]) => k.toString('hex'));
      expect(keys(b('ab'), b('b'))).toEqual(['6162', '616263', '62']);
      expect(keys(b('ab'), b('ab'))).toEqual(['6162']);
      expect(keys(undefined, b('ab'))).toEqual(['', '00', '61', '6162']);
      expect(keys(hex([0x80]))).toEqual(['80', 'ff', 'ff00']);
      expect(keys(b('aa'), b('ac'))).toEqual(['6162', '616263']);
      expect(keys(b(''), b(''))).toEqual(['']);
      expect(keys(b('b'), b('a'))).toEqual([]);
    });

    it('merges pending writes and deletes into a range over committed data', () => {
      store.put(b('a'), b('1'));
      store.put(b('c'), b('3'));
      store.put(b('e'), b('5'));
      store.commit(1n);
      store.put(b('b'), b('2'));
      store.delete(b('c'));
      store.put(b('e'), b('50'));
      store.put(b('f'), b('6'));
      expect(show(store.range())).toEqual(['61=1', '62=2', '65=50', '66=6']);
      expect(show(store.range(b('b'), b('e')))).toEqual(['62=2', '65=50']);
      expect(store.get(b('c'))).toBeUndefined();
      expect(store.size()).toBe(4);
    });

    it('visits every entry of a range even when the caller deletes while iterating', () => {
      for (let i = 0; i < 300; i += 1) store.put(b(`k${String(i).padStart(3, '0')}`), b('v'));
      store.commit(1n);
      let visited = 0;
      for (const [key] of store.range()) {
        store.delete(key);
        visited += 1;
      }
      expect(visited).toBe(300);
      expect(store.size()).toBe(0);
    });

    it('counts entries exactly across commits, overwrites and deletes', () => {
      store.put(b('a'), b('1'));
      store.put(b('b'), b('2'));
      store.commit(1n);
      store.put(b('a'), b('10'));
      store.delete(b('b'));
      store.delete(b('zz'));
      store.put(b('c'), b('3'));
      expect(store.size()).toBe(2);
      store.commit(2n);
      expect(store.size()).toBe(2);
      expect(show(store.range())).toEqual(['61=10', '63=3']);
    });

    it('keeps the checkpoint only when persistent', () => {
      store.commit(41n);
      store.commit(undefined);
      expect(store.checkpoint()).toBe(store.persistent ? 41n : undefined);
    });

    it('wipes entries (committed and pending) and the checkpoint', () => {
      store.put(b('a'), b('1'));
      store.commit(9n);
      store.put(b('b'), b('2'));
      store.wipe();
      expect(store.size()).toBe(0);
      expect([...store.range()]).toEqual([]);
      expect(store.get(b('a'))).toBeUndefined();
      expect(store.checkpoint()).toBeUndefined();
      store.put(b('c'), b('3'));
      expect(show(store.range())).toEqual(['63=3']);
    });
  });
}
