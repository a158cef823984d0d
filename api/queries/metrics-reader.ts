import type { ClickHouseClient } from '../../platform/clients/clickhouse';
import { AppError } from '../../platform/errors';
import { type ChannelRef, channelKey } from '../../schemas/channel-key';
import {
  type Granularity,
  type MetricsRange,
  type MetricsWindow,
  queryChannelMetrics,
  queryChannelMetricsBatch,
  wholeSeconds,
} from './channel-metrics';

/** The two ways to ask ClickHouse: one range, or several of one channel and granularity at once. */
export interface MetricsQueries {
  one(channel: ChannelRef, range: MetricsRange): Promise<MetricsWindow[]>;
  batch(channel: ChannelRef, granularity: Granularity, ranges: MetricsRange[]): Promise<MetricsWindow[][]>;
}

export function clickhouseMetricsQueries(client: ClickHouseClient, database: string): MetricsQueries {
  return {
    one: (channel, range) => queryChannelMetrics(client, database, channel, range),
    batch: (channel, granularity, ranges) =>
      queryChannelMetricsBatch(client, database, channel, granularity, ranges),
  };
}

export interface MetricsReaderOptions {
  /** This reader's queries running at once; beyond it, questions wait and go together. */
  maxInFlight: number;
  /** The most questions in one query. */
  maxBatch?: number;
  /** Told the number of questions each query answers. */
  onQuery?: (questions: number) => void;
}

interface Waiting {
  channel: ChannelRef;
  range: MetricsRange;
  callers: { resolve: (windows: MetricsWindow[]) => void; reject: (error: unknown) => void }[];
}

/**
 * Channel metrics from ClickHouse, batched under load. While fewer than `maxInFlight` queries run,
 * a question is asked at once, alone. Otherwise it waits; when a query finishes, the oldest waiting
 * question goes with the others about the same channel and granularity whose ranges lie close to
 * it, as one query. Identical questions waiting together are asked once.
 *
 * Why: most of a small query's cost is the engine's per query (planning, a pipeline per read).
 * Embedded, one query answering eight ranges took 14 to 16 ms, and one range alone 9 ms
 * (docs/benchmarks.md). Bursts of misses about one channel are what this product makes: fresh
 * data about a channel makes every cached answer about it stale at once, and each of its live
 * viewers asks again.
 */
export class ChannelMetricsReader {
  private inFlight = 0;
  /** Waiting questions by their key, in arrival order. */
  private readonly waiting = new Map<string, Waiting>();
  private readonly maxBatch: number;

  constructor(
    private readonly queries: MetricsQueries,
    private readonly options: MetricsReaderOptions,
  ) {
    this.maxBatch = options.maxBatch ?? 32;
    for (const [name, value] of [
      ['maxInFlight', options.maxInFlight],
      ['maxBatch', this.maxBatch],
    ] as const) {
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
    }
  }

  read(channel: ChannelRef, range: MetricsRange): Promise<MetricsWindow[]> {
    if (this.inFlight < this.options.maxInFlight && this.waiting.size === 0) {
      return this.run(1, () => this.queries.one(channel, range));
    }
    const { from, to } = wholeSeconds(range);
    const key = `${channelKey(channel)}|${range.granularity}|${from}|${to}`;
    let waiting = this.waiting.get(key);
    if (!waiting) {
      waiting = { channel, range, callers: [] };
      this.waiting.set(key, waiting);
    }
    const { callers } = waiting;
    return new Promise((resolve, reject) => callers.push({ resolve, reject }));
  }

  private async run<T>(questions: number, query: () => Promise<T>): Promise<T> {
    this.inFlight += 1;
    try {
      this.options.onQuery?.(questions);
      return await query();
    } finally {
      this.inFlight -= 1;
      this.startWaiting();
    }
  }

  private startWaiting(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.size > 0) {
      const batch = this.takeBatch();
      const [first] = batch as [Waiting];
      const ranges = batch.map((question) => question.range);
      const answers =
        batch.length === 1
          ? this.run(1, () => this.queries.one(first.channel, first.range)).then((windows) => [windows])
          : this.run(batch.length, () => this.queries.batch(first.channel, first.range.granularity, ranges));
      answers
        .then((all) => {
          if (all.length !== batch.length) {
            throw new AppError('INTERNAL', `a batch of ${batch.length} questions got ${all.length} answers`);
          }
          batch.forEach((question, i) => {
            // Shared by every caller of an identical question: frozen, so none can change it for the rest.
            const windows = question.callers.length > 1 ? Object.freeze(all[i]!) : all[i]!;
            for (const caller of question.callers) caller.resolve(windows as MetricsWindow[]);
          });
        })
        .catch((error: unknown) => {
          for (const question of batch) for (const caller of question.callers) caller.reject(error);
        });
    }
  }

  /**
   * The oldest waiting question, and those after it about the same channel and granularity, up to
   * `maxBatch`, as long as the batch's ranges together span at most twice their summed lengths:
   * the query reads the whole span once, and counts each range's windows, so reading stays within
   * twice the counting however far apart the ranges are.
   */
  private takeBatch(): Waiting[] {
    const batch: Waiting[] = [];
    let span = { from: Infinity, to: -Infinity, summed: 0 };
    for (const [key, question] of this.waiting) {
      const [oldest] = batch;
      if (oldest && !sameSeries(oldest, question)) continue;
      const from = question.range.from.getTime();
      const to = question.range.to.getTime();
      const widened = {
        from: Math.min(span.from, from),
        to: Math.max(span.to, to),
        summed: span.summed + (to - from),
      };
      if (oldest && widened.to - widened.from > 2 * widened.summed) continue;
      span = widened;
      batch.push(question);
      this.waiting.delete(key);
      if (batch.length === this.maxBatch) break;
    }
    return batch;
  }
}

function sameSeries(a: Waiting, b: Waiting): boolean {
  return (
    a.range.granularity === b.range.granularity &&
    a.channel.source === b.channel.source &&
    a.channel.channelId === b.channel.channelId
  );
}
