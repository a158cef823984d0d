import { engagementSummary, formatRate, postsPeriod, rateColumns, ratesByPost } from './engagement-series';

const w = (start: string, interactions: number, rate: number | null) => ({
  window_start: start,
  interactions,
  audience: rate === null ? null : 1000,
  engagement_rate: rate,
});

describe('engagement series', () => {
  it('writes a rate in percent to 2 decimals, and no rate as a dash', () => {
    expect(formatRate(1.5)).toBe('1.50%');
    expect(formatRate(0)).toBe('0.00%');
    expect(formatRate(null)).toBe('–');
    expect(formatRate(undefined)).toBe('–');
  });

  it('averages the known rates and names the best window, skipping windows without an audience', () => {
    const summary = engagementSummary([
      w('2026-12-01T00:00:00Z', 5, null),
      w('2026-12-02T00:00:00Z', 10, 1),
      w('2026-12-03T00:00:00Z', 40, 4),
      w('2026-12-04T00:00:00Z', 0, 0),
    ]);
    expect(summary).toEqual({
      rated: 3,
      mean: 1.67,
      best: { window_start: '2026-12-03T00:00:00Z', rate: 4 },
      interactions: 55,
    });
  });

  it('has no mean and no best when no window has an audience', () => {
    expect(engagementSummary([w('2026-12-01T00:00:00Z', 3, null)])).toEqual({
      rated: 0,
      mean: null,
      best: null,
      interactions: 3,
    });
    expect(engagementSummary([]).mean).toBeNull();
  });

  it('plots the rate per window in seconds, a gap where no audience is known', () => {
    expect(rateColumns([w('2026-12-01T00:00:00Z', 5, null), w('2026-12-02T00:00:00Z', 10, 1.25)])).toEqual([
      [Date.parse('2026-12-01T00:00:00Z') / 1000, Date.parse('2026-12-02T00:00:00Z') / 1000],
      [null, 1.25],
    ]);
  });

  it('asks per-post rates for the period from the oldest post to just after the newest', () => {
    expect(
      postsPeriod([
        { posted_at: '2026-12-03T10:00:00Z' },
        { posted_at: '2026-11-20T08:30:00Z' },
        { posted_at: '2026-12-01T00:00:00Z' },
      ]),
    ).toEqual({ from: '2026-11-20T08:30:00.000Z', to: '2026-12-03T10:00:01.000Z' });
    expect(postsPeriod([])).toBeUndefined();
  });

  it('finds a post’s rate by its id', () => {
    const rates = ratesByPost([
      { post_id: '7', posted_at: '2026-12-01T00:00:00Z', engagement_rate: 2.5 },
      { post_id: '8', posted_at: '2026-12-01T00:00:00Z', engagement_rate: null },
    ]);
    expect(rates.get('7')).toBe(2.5);
    expect(rates.get('8')).toBeNull();
    expect(rates.has('9')).toBe(false);
  });
});
