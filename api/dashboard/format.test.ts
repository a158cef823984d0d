import {
  defaultRange,
  excerpt,
  formatCount,
  formatLimit,
  fromLocalInput,
  planName,
  toLocalInput,
} from './format';

describe('dashboard formatting', () => {
  it('writes counts with separators and a dash for no value', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount(null)).toBe('–');
    expect(formatCount(Number.NaN)).toBe('–');
  });

  it('says unlimited for a null limit', () => {
    expect(formatLimit(null, 'channels')).toBe('unlimited channels');
    expect(formatLimit(3, 'channels')).toBe('3 channels');
  });

  it('names plans as people read them', () => {
    expect(planName('pro')).toBe('Pro');
    expect(planName('enterprise')).toBe('Enterprise');
    expect(planName(null)).toBe('a higher');
    expect(planName('gold')).toBe('gold');
  });

  it('round-trips a datetime-local value in local time, not UTC', () => {
    const date = new Date(2026, 11, 6, 9, 5);
    expect(toLocalInput(date)).toBe('2026-12-06T09:05');
    expect(fromLocalInput('2026-12-06T09:05')).toBe(date.toISOString());
  });

  it('refuses an empty or malformed datetime-local value', () => {
    expect(fromLocalInput('')).toBeUndefined();
    expect(fromLocalInput('yesterday')).toBeUndefined();
    expect(fromLocalInput('2026-13-40T99:99')).toBeUndefined();
  });

  it('ends the default range now and reaches back the granularity span', () => {
    const now = Date.parse('2026-12-06T12:00:00Z');
    expect(defaultRange('hour', now)).toEqual({
      from: '2026-12-04T12:00:00.000Z',
      to: '2026-12-06T12:00:00.000Z',
    });
    expect(defaultRange('minute', now).from).toBe('2026-12-06T09:00:00.000Z');
  });

  it('cuts long post text on a word with an ellipsis and flattens white space', () => {
    expect(excerpt('short\n\ntext')).toBe('short text');
    expect(excerpt('one two three four five', 12)).toBe('one two…');
  });
});
