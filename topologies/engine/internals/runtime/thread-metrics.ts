import type {
  CounterUpdates,
  EngineMetrics,
  GaugeUpdates,
  HistogramUpdates,
  MetricLabels,
} from './streams-metrics';

/**
 * A stream thread's metrics as updates the app's thread applies to its own (so they appear on the
 * app's registry, once per process): counters and histograms exactly, gauges as last set.
 */
type MetricName = keyof EngineMetrics;
export type MetricUpdate = readonly [
  metric: MetricName,
  op: 'inc' | 'set' | 'remove' | 'observe',
  labels: MetricLabels,
  value: number,
];

/** A stream thread's metrics, recorded as updates for the app's thread to apply. */
export function forwardingMetrics(record: (update: MetricUpdate) => void): EngineMetrics {
  const counter = (metric: MetricName): CounterUpdates => ({
    inc: (labels, value = 1) => record([metric, 'inc', labels, value]),
  });
  const gauge = (metric: MetricName): GaugeUpdates => ({
    set: (labels, value) => record([metric, 'set', labels, value]),
    remove: (labels) => record([metric, 'remove', labels, 0]),
  });
  const histogram = (metric: MetricName): HistogramUpdates => ({
    observe: (labels, value) => record([metric, 'observe', labels, value]),
    startTimer: (labels) => {
      const started = process.hrtime.bigint();
      return () => record([metric, 'observe', labels, Number(process.hrtime.bigint() - started) / 1e9]);
    },
  });
  return {
    consumed: counter('consumed'),
    produced: counter('produced'),
    processSeconds: histogram('processSeconds'),
    commitSeconds: histogram('commitSeconds'),
    commits: counter('commits'),
    restored: counter('restored'),
    restoreRemaining: gauge('restoreRemaining'),
    lag: gauge('lag'),
    late: counter('late'),
    deadLetters: counter('deadLetters'),
    cache: counter('cache'),
    tasks: gauge('tasks'),
  };
}

/**
 * Applies stream threads' updates to the app's metrics. Every gauge but `tasks` is labelled by a
 * partition or task, which one thread owns at a time; `tasks` counts per thread and is summed.
 */
export class MetricUpdates {
  private readonly taskCounts = new Map<string, number[]>();

  constructor(private readonly metrics: EngineMetrics) {}

  apply(threadIndex: number, updates: readonly MetricUpdate[]): void {
    for (const [metric, op, labels, value] of updates) {
      if (metric === 'tasks' && op === 'set') this.setTaskCount(threadIndex, labels, value);
      else if (op === 'inc') (this.metrics[metric] as CounterUpdates).inc(labels, value);
      else if (op === 'observe') (this.metrics[metric] as HistogramUpdates).observe(labels, value);
      else if (op === 'set') (this.metrics[metric] as GaugeUpdates).set(labels, value);
      else (this.metrics[metric] as GaugeUpdates).remove(labels);
    }
  }

  /** A thread that ended owns no task any more. */
  forget(threadIndex: number): void {
    for (const [key, counts] of this.taskCounts) {
      counts[threadIndex] = 0;
      this.metrics.tasks.set(JSON.parse(key) as MetricLabels, sum(counts));
    }
  }

  private setTaskCount(threadIndex: number, labels: MetricLabels, value: number): void {
    const key = JSON.stringify(labels);
    const counts = this.taskCounts.get(key) ?? [];
    counts[threadIndex] = value;
    this.taskCounts.set(key, counts);
    this.metrics.tasks.set(labels, sum(counts));
  }
}

const sum = (values: readonly (number | undefined)[]) => values.reduce<number>((a, b) => a + (b ?? 0), 0);
