import type { ClickHouseClient } from '../../platform/clients/clickhouse';
import { type ChannelRef, channelKey } from '../../schemas/channel-key';
import {
  type Granularity,
  type MetricsQuestion,
  type MetricsRange,
  type MetricsWindow,
  queryChannelMetrics,
  queryChannelMetricsBatch,
} from './channel-metrics';

/** The two ways to ask ClickHouse: one question, or several of one granularity at once. */
export interface MetricsQueries {
  one(question: MetricsQuestion): Promise<MetricsWindow[]>;
  batch(granularity: Granularity, questions: MetricsQuestion[]): Promise<MetricsWindow[][]>;
}

export function clickhouseMetricsQueries(client: ClickHouseClient, database: string): MetricsQueries {
  return {
    one: ({ channel, range }) => queryChannelMetrics(client, database, channel, range),
    batch: (granularity, questions) => queryChannelMetricsBatch(client, database, granularity, questions),
  };
}

export interface MetricsReaderOptions {
  /** Queries running at once; more questions wait and go together. The ClickHouse client's own bound. */
  maxInFlight: number;
  /** The most questions in one query. */
  maxBatch?: number;
  /** Told the number of questions each query answers. */
  onQuery?: (questions: number) => void;
}

interface Waiting extends MetricsQuestion {
  callers: { resolve: (windows: MetricsWindow[]) => void; reject: (error: unknown) => void }[];
}

/**
 * Channel metrics from ClickHouse, batched under load. While fewer than `maxInFlight` queries run,
 * a question is asked at once, alone. Otherwise it waits; when a query finishes, the questions
 * that waited go as one query (those of the oldest one's granularity, in arrival order), and
 * identical ones are asked once.
 *
 * Why: most of a small query's cost is the engine's per query (planning, a pipeline per read).
 * Embedded, one query answering eight questions took 14 ms, and one question alone 8 to 9 ms
 * (docs/benchmarks.md).
 * Bursts of misses are what this product makes: fresh data about a channel makes every cached
 * answer about it stale at once, and each of its live viewers asks again.
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
  }

  read(channel: ChannelRef, range: MetricsRange): Promise<MetricsWindow[]> {
    if (this.inFlight < this.options.maxInFlight && this.waiting.size === 0) {
      return this.run(1, () => this.queries.one({ channel, range }));
    }
    const key = `${channelKey(channel)}|${range.granularity}|${range.from.getTime()}|${range.to.getTime()}`;
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
    this.options.onQuery?.(questions);
    try {
      return await query();
    } finally {
      this.inFlight -= 1;
      this.startWaiting();
    }
  }

  private startWaiting(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.size > 0) {
      const batch = this.takeBatch();
      const granularity = batch[0]!.range.granularity;
      const answers =
        batch.length === 1
          ? this.run(1, () => this.queries.one(batch[0]!)).then((windows) => [windows])
          : this.run(batch.length, () => this.queries.batch(granularity, batch));
      answers.then(
        (all) =>
          batch.forEach((question, i) => question.callers.forEach((caller) => caller.resolve(all[i]!))),
        (error: unknown) =>
          batch.forEach((question) => question.callers.forEach((caller) => caller.reject(error))),
      );
    }
  }

  /** The oldest waiting question and those after it of the same granularity, up to `maxBatch`. */
  private takeBatch(): Waiting[] {
    const batch: Waiting[] = [];
    let granularity: Granularity | undefined;
    for (const [key, question] of this.waiting) {
      granularity ??= question.range.granularity;
      if (question.range.granularity !== granularity) continue;
      batch.push(question);
      this.waiting.delete(key);
      if (batch.length === this.maxBatch) break;
    }
    return batch;
  }
}
