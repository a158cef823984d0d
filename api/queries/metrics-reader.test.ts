import type { ChannelRef } from '../../schemas/channel-key';
import type { Granularity, MetricsQuestion, MetricsRange, MetricsWindow } from './channel-metrics';
import { ChannelMetricsReader, type MetricsQueries } from './metrics-reader';

/** Queries that answer when told to, recording what was asked: each answer names its question. */
class HeldQueries implements MetricsQueries {
  readonly asked: { granularity: Granularity; channels: string[] }[] = [];
  private readonly held: { release: () => void; fail: (error: Error) => void }[] = [];

  one(question: MetricsQuestion): Promise<MetricsWindow[]> {
    return this.batch(question.range.granularity, [question]).then(([windows]) => windows!);
  }

  batch(granularity: Granularity, questions: MetricsQuestion[]): Promise<MetricsWindow[][]> {
    this.asked.push({ granularity, channels: questions.map((q) => q.channel.channelId) });
    return new Promise((resolve, reject) => {
      this.held.push({
        release: () =>
          resolve(questions.map((q) => [{ window_start: q.channel.channelId, posts: questions.length }])),
        fail: reject,
      });
    });
  }

  async releaseNext(): Promise<void> {
    this.held.shift()!.release();
    await new Promise((resolve) => setImmediate(resolve));
  }

  async failNext(error: Error): Promise<void> {
    this.held.shift()!.fail(error);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const channel = (id: string): ChannelRef => ({ source: 'telegram', channelId: id });
const range = (granularity: Granularity, from = '2026-11-01T00:00:00Z'): MetricsRange => ({
  from: new Date(from),
  to: new Date('2026-11-02T00:00:00Z'),
  granularity,
});

describe('ChannelMetricsReader', () => {
  it('asks at once while under its bound, then batches what waited into one query', async () => {
    const queries = new HeldQueries();
    const sizes: number[] = [];
    const reader = new ChannelMetricsReader(queries, { maxInFlight: 1, onQuery: (n) => sizes.push(n) });
    const first = reader.read(channel('1'), range('hour'));
    const waiting = ['2', '3', '4'].map((id) => reader.read(channel(id), range('hour')));
    expect(queries.asked).toEqual([{ granularity: 'hour', channels: ['1'] }]);
    await queries.releaseNext();
    await expect(first).resolves.toEqual([{ window_start: '1', posts: 1 }]);
    expect(queries.asked[1]).toEqual({ granularity: 'hour', channels: ['2', '3', '4'] });
    await queries.releaseNext();
    await expect(Promise.all(waiting)).resolves.toEqual(
      ['2', '3', '4'].map((id) => [{ window_start: id, posts: 3 }]),
    );
    expect(sizes).toEqual([1, 3]);
  });

  it('asks identical waiting questions once, and batches one granularity at a time, oldest first', async () => {
    const queries = new HeldQueries();
    const reader = new ChannelMetricsReader(queries, { maxInFlight: 1 });
    const first = reader.read(channel('1'), range('hour'));
    const day = reader.read(channel('2'), range('day'));
    const twice = [reader.read(channel('3'), range('hour')), reader.read(channel('3'), range('hour'))];
    const otherRange = reader.read(channel('3'), range('hour', '2026-11-01T12:00:00Z'));
    await queries.releaseNext();
    await first;
    expect(queries.asked[1]).toEqual({ granularity: 'day', channels: ['2'] });
    await queries.releaseNext();
    await expect(day).resolves.toEqual([{ window_start: '2', posts: 1 }]);
    expect(queries.asked[2]).toEqual({ granularity: 'hour', channels: ['3', '3'] });
    await queries.releaseNext();
    const [a, b] = await Promise.all(twice);
    expect(a).toEqual([{ window_start: '3', posts: 2 }]);
    expect(b).toBe(a);
    await expect(otherRange).resolves.toEqual([{ window_start: '3', posts: 2 }]);
    expect(queries.asked).toHaveLength(3);
  });

  it('keeps batches within maxBatch, and a failed batch fails its callers only', async () => {
    const queries = new HeldQueries();
    const reader = new ChannelMetricsReader(queries, { maxInFlight: 1, maxBatch: 2 });
    const first = reader.read(channel('1'), range('hour'));
    const failing = [reader.read(channel('2'), range('hour')), reader.read(channel('3'), range('hour'))];
    const last = reader.read(channel('4'), range('hour'));
    await queries.releaseNext();
    await first;
    expect(queries.asked[1]).toEqual({ granularity: 'hour', channels: ['2', '3'] });
    await queries.failNext(new Error('engine down'));
    await expect(Promise.all(failing)).rejects.toThrow('engine down');
    expect(queries.asked[2]).toEqual({ granularity: 'hour', channels: ['4'] });
    await queries.releaseNext();
    await expect(last).resolves.toEqual([{ window_start: '4', posts: 1 }]);
  });
});
