import { robustScores, withAnomalies } from './anomalies';

describe('robust z-score anomalies', () => {
  it('flags an injected spike of joins and leaves a steady channel alone', () => {
    const steady = [12, 9, 11, 10, 13, 8, 10, 12, 11, 9, 10, 12, 11, 10, 9, 13, 11, 10];
    const spiked = steady.map((joins, day) => (day === 15 ? 400 : joins));
    const flags = (joins: number[]) =>
      withAnomalies(
        joins.map((change) => ({ change })),
        'change',
        (w) => w.change,
      ).flatMap((w, day) => (w.anomaly ? [{ day, ...w.anomaly }] : []));
    expect(flags(steady)).toEqual([]);
    expect(flags(spiked)).toEqual([{ day: 15, metric: 'change', score: expect.any(Number) }]);
    expect(flags(spiked)[0]!.score).toBeGreaterThan(100);
  });

  it('scores against the median and MAD of the preceding windows only', () => {
    // Baseline 1..7: median 4, MAD 2 (× 1.4826 = 2.9652); (10 - 4) / 2.9652 = 2.02.
    expect(robustScores([1, 2, 3, 4, 5, 6, 7, 10])).toEqual([null, null, null, null, null, null, null, 2.02]);
  });

  it('is not fooled by one earlier spike in the baseline', () => {
    const scores = robustScores([10, 10, 11, 500, 10, 9, 10, 11, 10, 60]);
    expect(scores[9]).toBeGreaterThan(3.5);
  });

  it('never divides by a zero spread: a flat baseline scales by at least one', () => {
    expect(robustScores([5, 5, 5, 5, 5, 5, 5, 6, 5, 50]).slice(7)).toEqual([
      1,
      expect.any(Number),
      expect.any(Number),
    ]);
    expect(robustScores([5, 5, 5, 5, 5, 5, 5, 5])[7]).toBe(0);
  });

  it('skips unknown values (a first change) without scoring them', () => {
    const windows = [null, 1, 1, 1, 1, 1, 1, 1, 90].map((change) => ({ change }));
    const flagged = withAnomalies(windows, 'change', (w) => w.change);
    expect(flagged.map((w) => ('anomaly' in w ? w.anomaly?.score : undefined))).toEqual([
      ...Array(8).fill(undefined),
      89,
    ]);
  });
});
