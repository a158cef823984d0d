import { Serdes } from '../serdes';
import { changeSerde } from './change-serde';

describe('changeSerde', () => {
  const serde = changeSerde(Serdes.string());
  const roundTrip = (newValue: string | null, oldValue: string | null) =>
    serde.deserialize(serde.serialize({ newValue, oldValue }, 't'), 't');

  it('carries the new and the old value together, empty strings included', () => {
    expect(roundTrip('new', 'old')).toEqual({ newValue: 'new', oldValue: 'old' });
    expect(roundTrip('', 'old')).toEqual({ newValue: '', oldValue: 'old' });
    expect(roundTrip('new', '')).toEqual({ newValue: 'new', oldValue: '' });
  });

  it('carries an add (no old value) and a subtract (no new value)', () => {
    expect(roundTrip('new', null)).toEqual({ newValue: 'new', oldValue: null });
    expect(roundTrip(null, 'old')).toEqual({ newValue: null, oldValue: 'old' });
  });

  it('refuses bytes that are no change', () => {
    expect(() => serde.deserialize(Buffer.from([1, 0]), 't')).toThrow(/header/);
    expect(() => serde.deserialize(Buffer.from([1, 0, 0, 0, 9, 65]), 't')).toThrow(/longer than the record/);
  });
});
