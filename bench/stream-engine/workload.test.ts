import avro from 'avsc';
import { valueSchema, WORKLOAD, workloadRecords } from './workload';

describe('benchmark workload', () => {
  const records = [...workloadRecords(20_000, 7)];

  it('is the same for the same seed, so every contender and run sees identical input', () => {
    expect([...workloadRecords(20_000, 7)].map((r) => r.value.payload)).toEqual(
      records.map((r) => r.value.payload),
    );
    expect([...workloadRecords(1_000, 8)]).not.toEqual([...workloadRecords(1_000, 7)]);
  });

  it('spreads records over at most 10,000 channel keys and one hour of event time', () => {
    expect(new Set(records.map((r) => r.key)).size).toBeLessThanOrEqual(WORKLOAD.keys);
    expect(records[0]?.key).toMatch(/^telegram:-100\d+$/);
    const times = records.map((r) => r.value.event_time);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(WORKLOAD.startMs);
    expect(Math.max(...times)).toBeLessThan(WORKLOAD.startMs + WORKLOAD.spanMs + WORKLOAD.jitterMs);
  });

  it('lags behind the latest event time by less than the topology grace period (5 s)', () => {
    let latest = 0;
    let worstLag = 0;
    for (const { value } of records) {
      latest = Math.max(latest, value.event_time);
      worstLag = Math.max(worstLag, latest - value.event_time);
    }
    expect(worstLag).toBeLessThan(5_000);
  });

  it('encodes to about 200 bytes per value in the product schema', () => {
    const type = avro.Type.forSchema(JSON.parse(valueSchema()) as avro.Schema);
    const bytes = records.slice(0, 1_000).reduce((sum, r) => sum + type.toBuffer(r.value).length, 0);
    expect(bytes / 1_000).toBeGreaterThan(180);
    expect(bytes / 1_000).toBeLessThan(230);
  });
});
