import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export type MetricLabels = Record<string, string>;

/** The parts of prom-client's metrics the runtime calls, so a stream thread can forward them. */
export interface CounterUpdates {
  inc(labels: MetricLabels, value?: number): void;
}
export interface GaugeUpdates {
  set(labels: MetricLabels, value: number): void;
  remove(labels: MetricLabels): void;
}
export interface HistogramUpdates {
  observe(labels: MetricLabels, value: number): void;
  startTimer(labels: MetricLabels): () => void;
}

/** What a stream thread reports: `StreamsMetrics` in the app's thread, forwarded from a worker. */
export interface EngineMetrics {
  readonly consumed: CounterUpdates;
  readonly produced: CounterUpdates;
  readonly processSeconds: HistogramUpdates;
  readonly commitSeconds: HistogramUpdates;
  readonly commits: CounterUpdates;
  readonly restored: CounterUpdates;
  readonly restoreRemaining: GaugeUpdates;
  readonly lag: GaugeUpdates;
  readonly late: CounterUpdates;
  readonly deadLetters: CounterUpdates;
  readonly cache: CounterUpdates;
  readonly tasks: GaugeUpdates;
}

/**
 * The engine's Prometheus metrics, registered on the registry the app is given (the process's,
 * so they appear on its /metrics) or a registry of its own. Labelled by application and task.
 */
export class StreamsMetrics implements EngineMetrics {
  readonly registry: Registry;
  readonly consumed: Counter<'application' | 'task'>;
  readonly produced: Counter<'application' | 'task'>;
  readonly processSeconds: Histogram<'application'>;
  readonly commitSeconds: Histogram<'application'>;
  readonly commits: Counter<'application' | 'outcome'>;
  readonly restored: Counter<'application' | 'task'>;
  readonly restoreRemaining: Gauge<'application' | 'task'>;
  readonly lag: Gauge<'application' | 'topic' | 'partition'>;
  readonly late: Counter<'application' | 'task'>;
  readonly deadLetters: Counter<'application' | 'topic' | 'code'>;
  readonly cache: Counter<'application' | 'result'>;
  readonly tasks: Gauge<'application' | 'state'>;

  constructor(registry?: Registry) {
    this.registry = registry ?? new Registry();
    const registers = [this.registry];
    const existing = <T>(name: string): T | undefined => this.registry.getSingleMetric(name) as T | undefined;
    const counter = <L extends string>(name: string, help: string, labelNames: L[]) =>
      existing<Counter<L>>(name) ?? new Counter({ name, help, labelNames, registers });
    const gauge = <L extends string>(name: string, help: string, labelNames: L[]) =>
      existing<Gauge<L>>(name) ?? new Gauge({ name, help, labelNames, registers });
    const histogram = <L extends string>(name: string, help: string, labelNames: L[], buckets: number[]) =>
      existing<Histogram<L>>(name) ?? new Histogram({ name, help, labelNames, buckets, registers });
    this.consumed = counter('streams_records_consumed_total', 'Input records processed, per task.', [
      'application',
      'task',
    ]);
    this.produced = counter(
      'streams_records_produced_total',
      'Records written (sinks, repartition, changelogs, dead letters), per task.',
      ['application', 'task'],
    );
    this.processSeconds = histogram(
      'streams_process_latency_seconds',
      'Processing time per input record, averaged over each fetched batch.',
      ['application'],
      [1e-6, 5e-6, 1e-5, 5e-5, 1e-4, 5e-4, 1e-3, 1e-2],
    );
    this.commitSeconds = histogram(
      'streams_commit_latency_seconds',
      'Duration of one commit (flush, produce, offsets or transaction).',
      ['application'],
      [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    );
    this.commits = counter('streams_commits_total', 'Commits by outcome (committed, failed).', [
      'application',
      'outcome',
    ]);
    this.restored = counter(
      'streams_restore_records_total',
      'Changelog records replayed into state stores.',
      ['application', 'task'],
    );
    this.restoreRemaining = gauge(
      'streams_restore_remaining_records',
      'Changelog records left to replay before a task can process.',
      ['application', 'task'],
    );
    this.lag = gauge(
      'streams_consumer_lag_records',
      'Records between the last fetched offset and the end of a source partition.',
      ['application', 'topic', 'partition'],
    );
    this.late = counter(
      'streams_late_records_dropped_total',
      'Records that arrived after their window closed (sent to the side output).',
      ['application', 'task'],
    );
    this.deadLetters = counter(
      'streams_dead_letters_total',
      'Input records sent to a dead-letter topic, by source topic and error code.',
      ['application', 'topic', 'code'],
    );
    this.cache = counter('streams_cache_lookups_total', 'State store cache lookups by result (hit, miss).', [
      'application',
      'result',
    ]);
    this.tasks = gauge('streams_tasks', 'Tasks of this instance by state (restoring, running).', [
      'application',
      'state',
    ]);
  }
}
