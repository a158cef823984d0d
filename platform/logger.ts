import { ecsFormat } from '@elastic/ecs-pino-format';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { hostname } from 'node:os';
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  /** `service.name` on every line (OTEL_SERVICE_NAME, as on the spans). */
  serviceName?: string;
  /** Where lines go; stdout by default (tests capture them). */
  destination?: DestinationStream;
}

/**
 * JSON logs on stdout, one object a line, in the Elastic Common Schema (`@timestamp`,
 * `log.level`, `message`, `service.name`, `error.*`, `ecs.version`, with `process.pid` and
 * `host.hostname`), so an ELK stack indexes them without a pipeline of its own. Inside a traced
 * operation each line carries `trace.id` and `span.id`: a log line leads to its trace and back.
 */
export function createLogger(
  level: string,
  bindings: Record<string, unknown> = {},
  options: LoggerOptions = {},
): Logger {
  // No elastic-apm-node here: trace ids come from OpenTelemetry (the mixin below).
  const ecs = ecsFormat({ apmIntegration: false, serviceName: options.serviceName ?? 'social-analytics' });
  const { formatters, ...ecsOptions } = ecs;
  const ecsLog = formatters?.log ?? ((object: Record<string, unknown>) => object);
  return pino(
    {
      ...ecsOptions,
      level,
      base: { pid: process.pid, hostname: hostname(), ...bindings },
      formatters: { ...formatters, log: (object) => ecsError(object.err, ecsLog(object)) },
      mixin: traceIds,
    },
    options.destination,
  );
}

/** The active span's ids, when a span is active (tracing on and inside a traced operation). */
function traceIds(): Record<string, string> {
  const span = trace.getActiveSpan()?.spanContext();
  if (span === undefined || !isSpanContextValid(span)) return {};
  return { 'trace.id': span.traceId, 'span.id': span.spanId };
}

/**
 * ecs-pino-format turns an `err` that is an Error into `error.type|message|stack_trace`; the
 * product's errors also carry a stable code (`error.code`), and many call sites log only the
 * message as `err`: that becomes `error.message`, so every failure is found under `error.*`.
 */
function ecsError(err: unknown, formatted: Record<string, unknown>): Record<string, unknown> {
  const { err: unconverted, ...rest } = formatted;
  if (unconverted !== undefined) {
    const message = typeof unconverted === 'string' ? unconverted : JSON.stringify(unconverted);
    return { ...rest, error: { message } };
  }
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || typeof formatted.error !== 'object') return formatted;
  return { ...formatted, error: { ...formatted.error, code } };
}
