import { allowedRange } from './metrics-request';
import { isoDay, isoSecond, resolvePeriod, windowEnd, windowStart, windowsBack } from './period';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('windows and periods', () => {
  it('finds the start of the window holding an instant, weeks from Monday, months from the 1st (UTC)', () => {
    const t = at('2026-11-25T12:34:56.789Z'); // a Wednesday
    expect(iso(windowStart('minute', t))).toBe('2026-11-25T12:34:00.000Z');
    expect(iso(windowStart('hour', t))).toBe('2026-11-25T12:00:00.000Z');
    expect(iso(windowStart('day', t))).toBe('2026-11-25T00:00:00.000Z');
    expect(iso(windowStart('week', t))).toBe('2026-11-23T00:00:00.000Z');
    expect(iso(windowStart('month', t))).toBe('2026-11-01T00:00:00.000Z');
    expect(iso(windowStart('week', at('2026-11-23T00:00:00Z')))).toBe('2026-11-23T00:00:00.000Z');
  });

  it('ends a period at the next window start, or where it is when a window starts there', () => {
    expect(iso(windowEnd('hour', at('2026-11-25T12:00:00.001Z')))).toBe('2026-11-25T13:00:00.000Z');
    expect(iso(windowEnd('hour', at('2026-11-25T12:00:00Z')))).toBe('2026-11-25T12:00:00.000Z');
    expect(iso(windowEnd('week', at('2026-11-25T00:00:00Z')))).toBe('2026-11-30T00:00:00.000Z');
    expect(iso(windowEnd('month', at('2026-12-31T23:00:00Z')))).toBe('2027-01-01T00:00:00.000Z');
  });

  it('steps back whole windows, months by the calendar', () => {
    const from = new Date('2026-03-02T00:00:00Z');
    expect(iso(windowsBack('hour', from, 3))).toBe('2026-03-01T21:00:00.000Z');
    expect(iso(windowsBack('week', from, 2))).toBe('2026-02-16T00:00:00.000Z');
    expect(iso(windowsBack('month', new Date('2026-03-01T00:00:00Z'), 14))).toBe('2025-01-01T00:00:00.000Z');
  });

  it('names days and seconds in UTC, as the answers do', () => {
    expect(isoDay(new Date('2026-11-25T23:59:59.999-01:00'))).toBe('2026-11-26');
    expect(isoSecond(at('2026-11-25T12:34:56.789Z'))).toBe('2026-11-25T12:34:56Z');
  });

  it('resolves periods a millisecond apart to the same whole minutes', () => {
    const a = resolvePeriod({ from: '2026-11-20T10:00:00.001Z', to: '2026-11-21T10:00:30.000Z' }, 7);
    const b = resolvePeriod({ from: '2026-11-20T10:00:59.999Z', to: '2026-11-21T10:00:00.001Z' }, 7);
    expect(a).toEqual(b);
    expect(iso(a.from.getTime())).toBe('2026-11-20T10:00:00.000Z');
    expect(iso(a.to.getTime())).toBe('2026-11-21T10:01:00.000Z');
  });

  it('widens a metrics range to whole windows, never back past the plan history', () => {
    const now = at('2026-11-25T12:34:56Z');
    const hourly = allowedRange(
      'pro',
      { granularity: 'hour', from: new Date('2026-11-25T08:15:00Z'), to: new Date('2026-11-25T10:45:00Z') },
      now,
    );
    expect([iso(hourly.from.getTime()), iso(hourly.to.getTime())]).toEqual([
      '2026-11-25T08:00:00.000Z',
      '2026-11-25T11:00:00.000Z',
    ]);
    // Free reaches back 30 days: the day that starts before then is left out, not given whole.
    const thirtyDaysAgo = new Date(now - 30 * 86_400_000);
    const daily = allowedRange('free', { granularity: 'day', from: thirtyDaysAgo, to: new Date(now) }, now);
    expect(iso(daily.from.getTime())).toBe('2026-10-27T00:00:00.000Z');
    expect(iso(daily.to.getTime())).toBe('2026-11-26T00:00:00.000Z');
  });
});
