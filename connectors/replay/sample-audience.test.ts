import { AUDIENCE_HISTORY_DAYS, SPIKE_DAYS_AGO, sampleAudienceHistory } from './sample-audience';

describe('the audience history sample', () => {
  const now = Date.UTC(2026, 11, 6, 9, 30);
  const samples = sampleAudienceHistory('-1001000000101', now);

  it('is a sample a day, oldest first, ending at now', () => {
    expect(samples).toHaveLength(AUDIENCE_HISTORY_DAYS + 1);
    const times = samples.map((sample) => sample.observed_at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
    expect(times.at(-1)).toBe(now);
    expect(sampleAudienceHistory('-1001000000101', now)).toEqual(samples);
  });

  it('grows steadily but for one jump, SPIKE_DAYS_AGO days ago, far above every other day', () => {
    const changes = samples.slice(1).map((sample, i) => sample.count - samples[i]!.count);
    const spike = changes.length - 1 - SPIKE_DAYS_AGO; // the change into that day's sample
    const others = changes.filter((_, i) => i !== spike);
    expect(Math.min(...others)).toBeGreaterThan(0);
    expect(changes[spike]!).toBeGreaterThan(10 * Math.max(...others));
  });
});
