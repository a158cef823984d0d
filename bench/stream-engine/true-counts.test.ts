import { compareCounts, describeComparison, windowKey } from './true-counts';

const truth = new Map([
  [windowKey('telegram:-1', 0), 3],
  [windowKey('telegram:-1', 60_000), 1],
  [windowKey('telegram:-2', 0), 2],
]);

describe('compareCounts', () => {
  it('is equal when each window last says its true count', () => {
    const last = new Map([
      ['telegram:-1@0', 3n],
      ['telegram:-1@60000', 1n],
      ['telegram:-2@0', 2n],
    ]);
    const comparison = compareCounts(last, truth);
    expect(comparison).toEqual({ equal: true, missing: 0, extra: 0, wrong: 0 });
    expect(describeComparison(comparison)).toBe('yes');
  });

  it('counts missing, extra and wrong windows', () => {
    const last = new Map([
      ['telegram:-1@0', 2n],
      ['telegram:-2@0', 2n],
      ['telegram:-3@0', 1n],
    ]);
    const comparison = compareCounts(last, truth);
    expect(comparison).toEqual({ equal: false, missing: 1, extra: 1, wrong: 1 });
    expect(describeComparison(comparison)).toBe('no (1 windows missing, 1 extra, 1 with another count)');
  });
});
