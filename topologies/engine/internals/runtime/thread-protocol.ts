import type { Logger } from 'pino';
import { STREAMS_ERROR_CODES, StreamsError, type StreamsErrorCode, toStreamsError } from '../../errors';
import type { SinkContext, SinkRecord } from '../../external-sink';
import type { TopologyModule } from '../../streams-module';
import type {
  CounterUpdates,
  EngineMetrics,
  GaugeUpdates,
  HistogramUpdates,
  MetricLabels,
} from './streams-metrics';
import type { ThreadSettings } from './thread-setup';

/**
 * What passes between the app's thread and its stream threads: control, logs, metric updates and
 * errors. Records, offsets and state never cross: each stream thread is a member of the group
 * with its own consumer, producers and stores.
 */
export interface ThreadStart {
  readonly module: TopologyModule;
  readonly threadIndex: number;
  readonly settings: ThreadSettings;
  readonly partitions: ReadonlyMap<number, number>;
  readonly fingerprint: string;
  readonly taskLocks: SharedArrayBuffer;
  readonly logLevel: string;
  /** The sinks of the app's thread a module may write through (`StreamsConfig.appSinks`). */
  readonly appSinks: readonly string[];
}

export type ToThread =
  | { readonly type: 'join' }
  | { readonly type: 'stop' }
  | { readonly type: 'sink-done'; readonly id: number; readonly error?: SinkFailure };

/** A sink write's failure as the engine reads it (`describeFailure`): retriable or not, and why. */
export interface SinkFailure {
  readonly message: string;
  readonly code?: string;
  readonly retriable?: boolean;
}

export type FromThread =
  | { readonly type: 'ready' }
  | { readonly type: 'started' }
  | { readonly type: 'stopped' }
  | { readonly type: 'fatal'; readonly error: SerializedError }
  | { readonly type: 'log'; readonly line: string }
  | { readonly type: 'metrics'; readonly updates: readonly MetricUpdate[] }
  | {
      readonly type: 'sink-write';
      readonly id: number;
      readonly sink: string;
      readonly records: readonly SinkRecord<unknown, unknown>[];
      readonly context: SinkContext;
    };

export interface SerializedError {
  readonly code: StreamsErrorCode;
  readonly message: string;
  readonly retriable: boolean;
  readonly details?: Record<string, unknown>;
  readonly stack?: string;
}

export function serializeError(error: unknown): SerializedError {
  const streamsError = toStreamsError(error);
  let details: Record<string, unknown> | undefined;
  try {
    details = structuredClone(streamsError.details);
  } catch {
    details = undefined;
  }
  return {
    code: streamsError.code,
    message: streamsError.message,
    retriable: streamsError.retriable,
    ...(details !== undefined ? { details } : {}),
    ...(streamsError.stack !== undefined ? { stack: streamsError.stack } : {}),
  };
}

export function deserializeError(error: SerializedError, threadName: string): StreamsError {
  const code = error.code in STREAMS_ERROR_CODES ? error.code : 'STREAMS_FAILED';
  const revived = new StreamsError(code, error.message, {
    retriable: error.retriable,
    details: { ...error.details, thread: threadName },
  });
  if (error.stack !== undefined) revived.stack = error.stack;
  return revived;
}

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

/** Logs a line a stream thread's logger wrote, through the app's logger. */
export function relayLogLine(logger: Logger, line: string): void {
  const { level, msg, ...fields } = JSON.parse(line) as { level: number; msg?: string } & Record<
    string,
    unknown
  >;
  const label = logger.levels.labels[level] ?? 'info';
  const log = (logger as unknown as Record<string, (obj: object, msg?: string) => void>)[label];
  log?.call(logger, fields, msg);
}

export function sinkFailure(error: unknown): SinkFailure {
  const shaped = error as { code?: unknown; retriable?: unknown } | null;
  return {
    message: error instanceof Error ? error.message : String(error),
    ...(typeof shaped?.code === 'string' ? { code: shaped.code } : {}),
    ...(typeof shaped?.retriable === 'boolean' ? { retriable: shaped.retriable } : {}),
  };
}

export function sinkError(failure: SinkFailure): Error {
  return Object.assign(new Error(failure.message), {
    ...(failure.code !== undefined ? { code: failure.code } : {}),
    ...(failure.retriable !== undefined ? { retriable: failure.retriable } : {}),
  });
}

/** Structured clone turns a Buffer into a plain Uint8Array: give keys, values and headers theirs back. */
export function reviveSinkRecords(
  records: readonly SinkRecord<unknown, unknown>[],
): SinkRecord<unknown, unknown>[] {
  const revive = (value: unknown) =>
    value instanceof Uint8Array && !Buffer.isBuffer(value)
      ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
      : value;
  return records.map((record) => ({
    ...record,
    key: revive(record.key),
    value: revive(record.value),
    ...(record.headers
      ? {
          headers: Object.fromEntries(
            Object.entries(record.headers).map(([name, header]) => [name, revive(header) as Buffer]),
          ),
        }
      : {}),
  }));
}
