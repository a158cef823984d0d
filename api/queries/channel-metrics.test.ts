import { metricsQuerySchema, resolveRange } from './channel-metrics';

describe('metrics query parameters', () => {
  const now = Date.parse('2026-11-25T12:34:56Z');

  it('defaults to the day up to the end of the current minute, hourly', () => {
    const range = resolveRange(metricsQuerySchema.parse({}), now);
    expect(range.granularity).toBe('hour');
    expect(range.to.toISOString()).toBe('2026-11-25T12:35:00.000Z');
    expect(range.from.toISOString()).toBe('2026-11-24T12:35:00.000Z');
  });

  it('refuses unknown parameters, bad dates and granularities', () => {
    expect(metricsQuerySchema.safeParse({ limit: '5' }).success).toBe(false);
    expect(metricsQuerySchema.safeParse({ from: '2026-13-01' }).success).toBe(false);
    expect(metricsQuerySchema.safeParse({ granularity: 'second' }).success).toBe(false);
  });

  it('refuses an empty or inverted range and ranges too long for the granularity', () => {
    const parse = (q: object) => () => resolveRange(metricsQuerySchema.parse(q), now);
    expect(parse({ from: '2026-11-25T00:00:00Z', to: '2026-11-25T00:00:00Z' })).toThrow(
      '`from` must be before `to`',
    );
    expect(
      parse({ from: '2026-01-01T00:00:00Z', to: '2026-11-01T00:00:00Z', granularity: 'minute' }),
    ).toThrow('range too long for granularity minute');
    expect(
      parse({ from: '2026-01-01T00:00:00Z', to: '2026-11-01T00:00:00Z', granularity: 'day' }),
    ).not.toThrow();
  });
});
