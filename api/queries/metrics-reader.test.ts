import { NO_ACTIVITY } from '../../schemas/activity-records';
import type { ChannelRef } from '../../schemas/channel-key';
import type { Granularity, MetricsRange, MetricsWindow } from './channel-metrics';
import { ChannelMetricsReader, type MetricsQueries } from './metrics-reader';

/** A window that says which question it answers (in its start) and a post count. */
function window(windowStart: string, posts: number): MetricsWindow {
  return { window_start: windowStart, ...NO_ACTIVITY, posts };
}

interface Asked {
  kind: 'one' | 'batch';
  channel: string;
  granularity: Granularity;
  froms: string[];
}

/** Queries that answer when told to, recording what was asked; each answer names its question. */
class HeldQueries implements MetricsQueries {
  readonly asked: Asked[] = [];
  private readonly held: { release: () => void; fail: (error: Error) => void }[] = [];

  one(channel: ChannelRef, range: MetricsRange): Promise<MetricsWindow[]> {
    return this.hold('one', channel, range.granularity, [range]).then(([windows]) => windows!);
  }

  batch(channel: ChannelRef, granularity: Granularity, ranges: MetricsRange[]): Promise<MetricsWindow[][]> {
    return this.hold('batch', channel, granularity, ranges);
  }

  get running(): number {
    return this.held.length;
  }

  async releaseNext(): Promise<void> {
    this.held.shift()!.release();
    await settle();
  }

  async failNext(error: Error): Promise<void> {
    this.held.shift()!.fail(error);
    await settle();
  }

  private hold(kind: Asked['kind'], channel: ChannelRef, granularity: Granularity, ranges: MetricsRange[]) {
    const froms = ranges.map((range) => range.from.toISOString().slice(0, 10));
    this.asked.push({ kind, channel: channel.channelId, granularity, froms });
    return new Promise<MetricsWindow[][]>((resolve, reject) => {
      this.held.push({
        release: () => resolve(froms.map((from) => [window(`${channel.channelId}@${from}`, ranges.length)])),
        fail: reject,
      });
    });
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const channel = (id: string): ChannelRef => ({ source: 'telegram', channelId: id });
/** A range of `days` days from the given day of November 2026. */
const range = (day: number, granularity: Granularity = 'hour', days = 1): MetricsRange => ({
  from: new Date(Date.UTC(2026, 10, day)),
  to: new Date(Date.UTC(2026, 10, day + days)),
  granularity,
});
const answer = (id: string, day: number, posts: number) => [
  window(`${id}@2026-11-${String(day).padStart(2, '0')}`, posts),
];

describe('ChannelMetricsReader', () => {
  it('asks alone while under its bound, batches the questions that waited, then asks alone again', async () => {
    const queries = new HeldQueries();
    const sizes: number[] = [];
    const reader = new ChannelMetricsReader(queries, { maxInFlight: 1, onQuery: (n) => sizes.push(n) });
    const first = reader.read(channel('1'), range(1));
    const waiting = [2, 3, 4].map((day) => reader.read(channel('1'), range(day)));
    expect(queries.asked).toEqual([
      { kind: 'one', channel: '1', granularity: 'hour', froms: ['2026-11-01'] },
    ]);
    await queries.releaseNext();
    await expect(first).resolves.toEqual(answer('1', 1, 1));
    expect(queries.asked[1]).toEqual({
      kind: 'batch',
      channel: '1',
      granularity: 'hour',
      froms: ['2026-11-02', '2026-11-03', '2026-11-04'],
    });
    await queries.releaseNext();
    expect(await Promise.all(waiting)).toEqual([answer('1', 2, 3), answer('1', 3, 3), answer('1', 4, 3)]);
    const later = reader.read(channel('1'), range(5));
    expect(queries.asked[2]).toMatchObject({ kind: 'one', froms: ['2026-11-05'] });
    await queries.releaseNext();
    await expect(later).resolves.toEqual(answer('1', 5, 1));
    expect(sizes).toEqual([1, 3, 1]);
  });

  it('asks identical waiting questions once, and batches one channel and granularity at a time, oldest first', async () => {
    const queries = new HeldQueries();
    const reader = new ChannelMetricsReader(queries, { maxInFlight: 1 });
    const first = reader.read(channel('1'), range(1));
    const daily = reader.read(channel('1'), range(1, 'day'));
    const twice = [reader.read(channel('2'), range(1)), reader.read(channel('2'), range(1))];
    const otherChannel = reader.read(channel('3'), range(1, 'day'));
    const sameAsDaily = reader.read(channel('1'), range(2, 'day'));
    await queries.releaseNext();
    await first;
    expect(queries.asked[1]).toMatchObject({ kind: 'batch', channel: '1', granularity: 'day' });
    await queries.releaseNext();
    await expect(Promise.all([daily, sameAsDaily])).resolves.toEqual([answer('1', 1, 2), answer('1', 2, 2)]);
    expect(queries.asked[2]).toMatchObject({ kind: 'one', channel: '2', froms: ['2026-11-01'] });
    await queries.releaseNext();
    const [a, b] = await Promise.all(twice);
    expect(a).toEqual(answer('2', 1, 1));
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(queries.asked[3]).toMatchObject({ kind: 'one', channel: '3', granularity: 'day' });
    await queries.releaseNext();
    await expect(otherChannel).resolves.toEqual(answer('3', 1, 1));
    expect(queries.asked).toHaveLength(4);
  });

  it('keeps a range far from the others out of their batch: the query would read the gap', async () => {
    const queries = new HeldQueries();
    const reader = new ChannelMetricsReader(queries, { maxInFlight: 1 });
    void reader.read(channel('1'), range(1));
    const near = [reader.read(channel('1'), range(10)), reader.read(channel('1'), range(12))];
    const far = reader.read(channel('1'), range(25));
    const wide = reader.read(channel('1'), range(5, 'hour', 8)); // 5th to 13th: covers the gap
    await queries.releaseNext();
    // 10th and 12th: 3 days read for 2 counted; with the 25th, 16 days for 3.
    expect(queries.asked[1]).toMatchObject({
      kind: 'batch',
      froms: ['2026-11-10', '2026-11-12', '2026-11-05'],
    });
    await queries.releaseNext();
    await Promise.all([...near, wide]);
    expect(queries.asked[2]).toMatchObject({ kind: 'one', froms: ['2026-11-25'] });
    await queries.releaseNext();
    await expect(far).resolves.toEqual(answer('1', 25, 1));
  });

  it('keeps batches within maxBatch, fails every caller of a failed batch, and goes on', async () => {
    const queries = new HeldQueries();
    const reader = new ChannelMetricsReader(queries, { maxInFlight: 1, maxBatch: 2 });
    const first = reader.read(channel('1'), range(1));
    const failing = [reader.read(channel('1'), range(2)), reader.read(channel('1'), range(3))];
    const last = reader.read(channel('1'), range(4));
    await queries.releaseNext();
    await first;
    expect(queries.asked[1]).toMatchObject({ kind: 'batch', froms: ['2026-11-02', '2026-11-03'] });
    await queries.failNext(new Error('engine down'));
    const outcomes = await Promise.allSettled(failing);
    expect(outcomes.map((outcome) => outcome.status === 'rejected' && String(outcome.reason))).toEqual([
      'Error: engine down',
      'Error: engine down',
    ]);
    expect(queries.asked[2]).toMatchObject({ kind: 'one', froms: ['2026-11-04'] });
    await queries.releaseNext();
    await expect(last).resolves.toEqual(answer('1', 4, 1));
  });

  it('runs up to maxInFlight queries at once', async () => {
    const queries = new HeldQueries();
    const reader = new ChannelMetricsReader(queries, { maxInFlight: 2 });
    const reads = [1, 2, 3].map((day) => reader.read(channel('1'), range(day)));
    expect(queries.running).toBe(2);
    await queries.releaseNext();
    expect(queries.asked.map((asked) => asked.kind)).toEqual(['one', 'one', 'one']);
    await queries.releaseNext();
    await queries.releaseNext();
    expect(await Promise.all(reads)).toEqual([answer('1', 1, 1), answer('1', 2, 1), answer('1', 3, 1)]);
  });

  it('gives its slot back when telling of a query fails', async () => {
    const queries = new HeldQueries();
    const reader = new ChannelMetricsReader(queries, {
      maxInFlight: 1,
      onQuery: () => {
        throw new Error('metrics down');
      },
    });
    await expect(reader.read(channel('1'), range(1))).rejects.toThrow('metrics down');
    expect(queries.asked).toHaveLength(0);
    await expect(reader.read(channel('1'), range(2))).rejects.toThrow('metrics down');
  });

  it('refuses bounds that are not positive integers', () => {
    const queries = new HeldQueries();
    expect(() => new ChannelMetricsReader(queries, { maxInFlight: 0 })).toThrow(RangeError);
    expect(() => new ChannelMetricsReader(queries, { maxInFlight: 1, maxBatch: 0 })).toThrow(RangeError);
  });
});
