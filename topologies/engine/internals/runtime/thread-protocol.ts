import type { Logger } from 'pino';
import { STREAMS_ERROR_CODES, StreamsError, type StreamsErrorCode, toStreamsError } from '../../errors';
import type { SinkContext, SinkRecord } from '../../external-sink';
import type { TopologyModule } from '../../streams-module';
import type { MetricUpdate } from './thread-metrics';
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
