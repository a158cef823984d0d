import { countWithShare, formatDay, measuredOn, retentionRows, retentionSummary } from './retention-rows';

describe('group retention rows', () => {
  it('writes a count with its share of the day’s newcomers', () => {
    expect(countWithShare(3, 4)).toBe('3 (75%)');
    expect(countWithShare(1, 3)).toBe('1 (33%)');
    expect(countWithShare(0, 0)).toBe('0');
  });

  it('knows a cohort once the 7th day after its join day has ended', () => {
    expect(measuredOn('2026-12-01')).toBe('2026-12-09');
    expect(measuredOn('2026-02-25')).toBe('2026-03-05');
  });

  it('writes a join day as the UTC day it is', () => {
    expect(formatDay('2026-12-01')).toBe('Dec 1, 2026');
  });

  it('lists the newest join day first, pending cohorts saying when they will be known', () => {
    expect(
      retentionRows([
        { day: '2026-11-20', joined: 4, stayed: 3, active: 1 },
        { day: '2026-12-03', joined: 2, stayed: null, active: null },
      ]),
    ).toEqual([
      { day: '2026-12-03', joined: 2, stayed: 'known on Dec 11, 2026', wrote: 'known on Dec 11, 2026' },
      { day: '2026-11-20', joined: 4, stayed: '3 (75%)', wrote: '1 (25%)' },
    ]);
  });

  it('sums up the measured newcomers, or says why there is nothing to sum', () => {
    const cohorts = [
      { day: '2026-11-20', joined: 4, stayed: 3, active: 1 },
      { day: '2026-12-03', joined: 2, stayed: null, active: null },
    ];
    expect(retentionSummary({ cohorts, measured: 4, stayed_percent: 75, active_percent: 25 })).toBe(
      'Of 4 newcomers whose first 7 days are over, 75% stayed and 25% wrote in those 7 days.',
    );
    expect(
      retentionSummary({
        cohorts: cohorts.slice(1),
        measured: 0,
        stayed_percent: null,
        active_percent: null,
      }),
    ).toBe('2 joined in these 30 days; their first 7 days are not over yet.');
    expect(retentionSummary({ cohorts: [], measured: 0, stayed_percent: null, active_percent: null })).toBe(
      'Nobody joined in these 30 days.',
    );
  });
});
