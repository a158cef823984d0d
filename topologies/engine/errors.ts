/**
 * The engine's one error class. Every failure it reports carries a stable `STREAMS_*` code
 * (documented in README.md beside this file) and whether retrying may help.
 */
export const STREAMS_ERROR_CODES = {
  STREAMS_TOPOLOGY_INVALID: { retriable: false },
  STREAMS_COPARTITION_MISMATCH: { retriable: false },
  STREAMS_INTERNAL_TOPIC_INVALID: { retriable: false },
  STREAMS_INVALID_TIMESTAMP: { retriable: false },
  STREAMS_DESERIALIZATION_FAILED: { retriable: false },
  STREAMS_SCHEMA_UNKNOWN: { retriable: false },
  STREAMS_REGISTRY_UNAVAILABLE: { retriable: true },
  STREAMS_PROCESSING_FAILED: { retriable: false },
  STREAMS_PRODUCTION_FAILED: { retriable: true },
  STREAMS_TASK_MIGRATED: { retriable: true },
  STREAMS_STORE_UNAVAILABLE: { retriable: true },
  STREAMS_SINK_FAILED: { retriable: true },
  STREAMS_FAILED: { retriable: false },
} as const satisfies Record<string, { retriable: boolean }>;

export type StreamsErrorCode = keyof typeof STREAMS_ERROR_CODES;

export interface StreamsErrorOptions {
  readonly cause?: unknown;
  readonly details?: Record<string, unknown>;
  /** Defaults to the code's; a failure that wraps another keeps the other's. */
  readonly retriable?: boolean;
}

export class StreamsError extends Error {
  readonly code: StreamsErrorCode;
  readonly retriable: boolean;
  readonly details?: Record<string, unknown>;

  constructor(code: StreamsErrorCode, message: string, options: StreamsErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'StreamsError';
    this.code = code;
    this.retriable = options.retriable ?? STREAMS_ERROR_CODES[code].retriable;
    this.details = options.details;
  }
}

/**
 * What the engine reads of anything a serde or processor throws. An error that carries a string
 * `code` and a boolean `retriable` (the application's own errors, most libraries') keeps them, so
 * a dead letter names the application's reason and a retriable failure is retried.
 */
export interface Failure {
  readonly code: string;
  readonly message: string;
  readonly retriable: boolean;
  readonly cause: unknown;
}

export function describeFailure(error: unknown, fallback: StreamsErrorCode): Failure {
  const shaped = error as { code?: unknown; retriable?: unknown; message?: unknown } | null;
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: typeof shaped?.code === 'string' ? shaped.code : fallback,
    message,
    retriable:
      typeof shaped?.retriable === 'boolean' ? shaped.retriable : STREAMS_ERROR_CODES[fallback].retriable,
    cause: error,
  };
}

/** Keeps a StreamsError as it is; wraps anything else under `fallback`, keeping its retriability. */
export function toStreamsError(error: unknown, fallback: StreamsErrorCode = 'STREAMS_FAILED'): StreamsError {
  if (error instanceof StreamsError) return error;
  const failure = describeFailure(error, fallback);
  return new StreamsError(fallback, failure.message, { cause: error, retriable: failure.retriable });
}
