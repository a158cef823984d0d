import {
  type Attributes,
  type Link,
  ROOT_CONTEXT,
  SpanStatusCode,
  type TextMapGetter,
  isSpanContextValid,
  propagation,
  trace,
} from '@opentelemetry/api';

const tracer = trace.getTracer('social-analytics');

/** Kafka header values as kafkajs and the engine carry them. */
type HeaderValue = Buffer | string | (Buffer | string)[] | undefined;
type RecordHeaders = Readonly<Record<string, HeaderValue>>;

const headerGetter: TextMapGetter<RecordHeaders> = {
  keys: (headers) => Object.keys(headers),
  get: (headers, key) => {
    const value = headers[key];
    return Array.isArray(value) ? value.map(String) : value?.toString();
  },
};

/** A span may hold this many links (OpenTelemetry's default limit); beyond it they are dropped. */
const MAX_LINKS = 128;

/**
 * Runs `work` inside a new span linked to the span that produced each record (the W3C
 * `traceparent` in its Kafka headers): OpenTelemetry's way to trace work done for many records
 * at once, such as a sink's write at commit, whose records came from many traces. The span is a
 * child of the active one if any, else the root of a trace of its own; a failed `work` marks it
 * as an error. Without tracing on, or when no record carries a trace context, `work` simply runs.
 */
export function inLinkedSpan<T>(
  name: string,
  attributes: Attributes,
  headers: readonly (RecordHeaders | undefined)[],
  work: () => Promise<T>,
): Promise<T> {
  const links = producerLinks(headers);
  // Work that no traced record asked for would start a trace of its own at every commit.
  if (links.length === 0) return work();
  return tracer.startActiveSpan(name, { attributes, links }, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** One link per distinct producing span, in the records' order. */
function producerLinks(headers: readonly (RecordHeaders | undefined)[]): Link[] {
  const links = new Map<string, Link>();
  for (const record of headers) {
    if (record === undefined || links.size >= MAX_LINKS) continue;
    const context = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, record, headerGetter));
    if (context !== undefined && isSpanContextValid(context)) links.set(context.spanId, { context });
  }
  return [...links.values()];
}
