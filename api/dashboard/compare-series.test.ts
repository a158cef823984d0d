import {
  type Comparison,
  COMPARE_METRICS,
  compareFrom,
  MAX_COMPARED,
  compareColumns,
  isCompareMetric,
  metricLabel,
  pickChannels,
  seriesFigure,
  seriesStyle,
} from './compare-series';

const seconds = (iso: string) => Date.parse(iso) / 1000;

describe('channels compared', () => {
  const answer = (metric: Comparison['metric'], channels: Comparison['channels']): Comparison => ({
    metric,
    granularity: 'day',
    from: '2026-12-01T00:00:00.000Z',
    to: '2026-12-04T00:00:00.000Z',
    channels,
  });

  it('plots every window of the range, a count a channel did not answer as 0', () => {
    const columns = compareColumns(
      answer('posts', [
        {
          channel: 'telegram:-1',
          windows: [
            { window_start: '2026-12-03T00:00:00Z', value: 4 },
            { window_start: '2026-12-01T00:00:00Z', value: 1 },
          ],
        },
        { channel: 'twitter:2', windows: [{ window_start: '2026-12-02T00:00:00Z', value: 7 }] },
      ]),
    );
    expect(columns).toEqual([
      [seconds('2026-12-01T00:00:00Z'), seconds('2026-12-02T00:00:00Z'), seconds('2026-12-03T00:00:00Z')],
      [1, 0, 4],
      [0, 7, 0],
    ]);
  });

  it('leaves a gap where a rate or an audience has no value', () => {
    const columns = compareColumns(
      answer('engagement_rate', [
        {
          channel: 'telegram:-1',
          windows: [
            { window_start: '2026-12-01T00:00:00Z', value: null },
            { window_start: '2026-12-02T00:00:00Z', value: 1.5 },
          ],
        },
      ]),
    );
    expect(columns).toEqual([
      [seconds('2026-12-01T00:00:00Z'), seconds('2026-12-02T00:00:00Z'), seconds('2026-12-03T00:00:00Z')],
      [null, 1.5, null],
    ]);
  });

  it('keeps a window start the API answered off the grid, and has only x for no channels', () => {
    const columns = compareColumns({
      ...answer('posts', [
        { channel: 'telegram:-1', windows: [{ window_start: '2026-12-01T12:00:00Z', value: 2 }] },
      ]),
      granularity: 'month',
    });
    expect(columns).toEqual([[seconds('2026-12-01T12:00:00Z')], [2]]);
    expect(compareColumns(answer('posts', []))[0]).toHaveLength(3);
  });

  it('sums counts and reads the rate and the audience as their latest value', () => {
    expect(seriesFigure('posts', [1, null, 4])).toBe('5 in total');
    expect(seriesFigure('interactions', [1200, 300])).toBe('1,500 in total');
    expect(seriesFigure('engagement_rate', [1.5, 2.25, null])).toBe('latest 2.25%');
    expect(seriesFigure('audience', [5000, 5020])).toBe('latest 5,020');
    expect(seriesFigure('views', [null, null])).toBe('no data');
  });

  it('starts the default span back, no further than the plan’s history', () => {
    const now = Date.parse('2026-12-06T12:00:00Z');
    expect(compareFrom('day', null, now)).toBe('2026-11-06T12:00:00.000Z');
    expect(compareFrom('hour', 30, now)).toBe('2026-12-04T12:00:00.000Z');
    expect(compareFrom('week', null, now)).toBe('2026-06-07T12:00:00.000Z');
    expect(compareFrom('week', 30, now)).toBe('2026-11-06T12:00:00.000Z');
  });

  it('keeps the picks that are tracked, each once, at most ten', () => {
    const tracked = Array.from({ length: 12 }, (_, i) => `telegram:-${i + 1}`);
    expect(pickChannels(['telegram:-2', 'telegram:-99', 'telegram:-2', 'telegram:-1'], tracked)).toEqual([
      'telegram:-2',
      'telegram:-1',
    ]);
    expect(pickChannels(tracked, tracked)).toHaveLength(MAX_COMPARED);
  });

  it('names every metric the route takes, and knows which it takes', () => {
    expect(COMPARE_METRICS.map((m) => m.value).sort()).toEqual(
      [
        'posts',
        'edits',
        'reactions',
        'replies',
        'forwards',
        'views',
        'likes',
        'reposts',
        'interactions',
        'engagement_rate',
        'audience',
      ].sort(),
    );
    expect(isCompareMetric('engagement_rate')).toBe(true);
    expect(isCompareMetric('followers')).toBe(false);
    expect(isCompareMetric(null)).toBe(false);
    expect(metricLabel('engagement_rate')).toBe('Engagement rate (%)');
  });

  it('tells series apart by colour and, every other one, by a dash', () => {
    expect(seriesStyle(0)).toEqual({ stroke: '#1d4ed8' });
    expect(seriesStyle(1)).toEqual({ stroke: '#b91c1c', dash: [6, 3] });
    expect(new Set(Array.from({ length: MAX_COMPARED }, (_, i) => seriesStyle(i).stroke)).size).toBe(
      MAX_COMPARED,
    );
  });
});
