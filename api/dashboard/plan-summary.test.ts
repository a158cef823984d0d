import { canTrackMore, planLines, planTitle } from './plan-summary';

const free = { max_channels: 3, granularities: ['day', 'week', 'month'], history_days: 30, exports: false };
const pro = {
  max_channels: null,
  granularities: ['minute', 'hour', 'day', 'week', 'month'],
  history_days: null,
  exports: true,
};

describe('plan limits in words', () => {
  it('states the Free limits against what is tracked', () => {
    expect(planLines(free, 2)).toEqual([
      '2 of 3 channels tracked',
      'Granularities: day, week, month',
      'History: the last 30 days',
      'CSV export: not included',
    ]);
    expect(planTitle('free')).toBe('Free plan');
  });

  it('states unlimited plans', () => {
    expect(planLines(pro, 12)[0]).toBe('12 channels tracked (no limit)');
    expect(planLines(pro, 12)[2]).toBe('History: all of it');
    expect(planLines(pro, 1)[0]).toBe('1 channel tracked (no limit)');
  });

  it('knows when the plan is full', () => {
    expect(canTrackMore(free, 2)).toBe(true);
    expect(canTrackMore(free, 3)).toBe(false);
    expect(canTrackMore(pro, 1000)).toBe(true);
  });
});
