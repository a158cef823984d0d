import { keyExpiry, tomorrow } from './key-expiry';

describe('the API key form’s expiry', () => {
  it('is the end of the chosen day where the viewer is, as ISO 8601 with an offset', () => {
    const expiry = keyExpiry('2031-05-17')!;
    expect(expiry).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const local = new Date(expiry);
    expect([local.getFullYear(), local.getMonth(), local.getDate(), local.getHours()]).toEqual([
      2031, 4, 17, 23,
    ]);
  });

  it('is nothing for an empty or malformed date: the key works until revoked', () => {
    expect(keyExpiry('')).toBeUndefined();
    expect(keyExpiry('17/05/2031')).toBeUndefined();
    expect(keyExpiry('2031-13-45')).toBeUndefined();
  });

  it('offers tomorrow as the earliest day, across a month’s end', () => {
    expect(tomorrow(new Date(2030, 0, 31, 22))).toBe('2030-02-01');
    expect(tomorrow(new Date(2030, 11, 31, 1))).toBe('2031-01-01');
  });
});
