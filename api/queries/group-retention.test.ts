import { retentionCohorts } from './group-retention';

const member = (join_days: string[], leave_days: string[] = [], active_days: string[] = []) => ({
  join_days,
  leave_days,
  active_days,
});

describe('retentionCohorts', () => {
  it('counts who stayed and who wrote in the 7 days after joining, per join day', () => {
    const retention = retentionCohorts(
      [
        member(['2026-01-01'], [], ['2026-01-03']), // stayed, active
        member(['2026-01-01'], ['2026-01-08']), // left on day 7: not stayed
        member(['2026-01-01'], ['2026-01-09'], ['2026-01-09']), // left and wrote after the week
        member(['2026-01-02'], [], ['2026-01-02']), // wrote only on the join day: not active
      ],
      '2026-01-01',
      '2026-01-03',
      '2026-01-20',
    );
    expect(retention).toEqual({
      cohorts: [
        { day: '2026-01-01', joined: 3, stayed: 2, active: 1 },
        { day: '2026-01-02', joined: 1, stayed: 1, active: 0 },
      ],
      measured: 4,
      stayed_percent: 75,
      active_percent: 25,
    });
  });

  it('counts a join and a leave on one day as left, and leaves before the join out', () => {
    const retention = retentionCohorts(
      [member(['2026-01-05'], ['2026-01-05']), member(['2026-01-05'], ['2026-01-04'])],
      '2026-01-01',
      '2026-01-10',
      '2026-02-01',
    );
    expect(retention.cohorts).toEqual([{ day: '2026-01-05', joined: 2, stayed: 1, active: 0 }]);
  });

  it('leaves cohorts whose week has not ended unmeasured, and joins outside the period out', () => {
    const retention = retentionCohorts(
      [member(['2026-01-01', '2026-01-12']), member(['2025-12-31'])],
      '2026-01-01',
      '2026-01-13',
      '2026-01-15',
    );
    expect(retention).toEqual({
      cohorts: [
        { day: '2026-01-01', joined: 1, stayed: 1, active: 0 },
        { day: '2026-01-12', joined: 1, stayed: null, active: null },
      ],
      measured: 1,
      stayed_percent: 100,
      active_percent: 0,
    });
    // The 7th day after 2026-01-01 is 2026-01-08: measured from the 9th on, not on the 8th.
    expect(
      retentionCohorts([member(['2026-01-01'])], '2026-01-01', '2026-01-02', '2026-01-08').measured,
    ).toBe(0);
    expect(
      retentionCohorts([member(['2026-01-01'])], '2026-01-01', '2026-01-02', '2026-01-09').measured,
    ).toBe(1);
  });
});
