import { closedPeriods } from './analytics-periods';

describe('closed periods of the processed exports', () => {
  it('lists the days, ISO weeks and months that have ended, with their labels', () => {
    const since = Date.UTC(2026, 10, 29); // Sunday 29 November 2026
    const now = Date.UTC(2026, 11, 8, 12); // Tuesday 8 December, noon
    const periods = closedPeriods(since, now, now);
    const labels = (grain: string) => periods.filter((p) => p.grain === grain).map((p) => p.label);
    expect(labels('daily')).toEqual([
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
      '2026-12-07',
    ]);
    // The week of 23-29 November (W48) and 30 November-6 December (W49) have ended; W50 has not.
    expect(labels('weekly')).toEqual(['2026-W48', '2026-W49']);
    expect(labels('monthly')).toEqual(['2026-11']);
    const w49 = periods.find((p) => p.label === '2026-W49')!;
    expect([new Date(w49.start).toISOString(), new Date(w49.end).toISOString()]).toEqual([
      '2026-11-30T00:00:00.000Z',
      '2026-12-07T00:00:00.000Z',
    ]);
  });

  it('names ISO weeks by the year of their Thursday', () => {
    const periods = closedPeriods(Date.UTC(2026, 11, 28), Date.UTC(2027, 0, 5), Date.UTC(2027, 0, 20));
    expect(periods.filter((p) => p.grain === 'weekly').map((p) => p.label)).toEqual(['2026-W53', '2027-W01']);
  });
});
