import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One span as Jaeger's query API returns it (`/api/traces`). */
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: { refType: 'CHILD_OF' | 'FOLLOWS_FROM'; traceID: string; spanID: string }[];
  tags: { key: string; value: unknown }[];
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
}

/** The local stack's Jaeger ports (ops/stack.env). */
function stackPort(name: string): number {
  const env = readFileSync(join(__dirname, '..', '..', 'ops', 'stack.env'), 'utf8');
  const match = new RegExp(`^${name}=(\\d+)$`, 'm').exec(env);
  if (!match?.[1]) throw new Error(`${name} is not in ops/stack.env`);
  return Number(match[1]);
}

/** Where the product sends traces (OTEL_EXPORTER_OTLP_ENDPOINT) to the local Jaeger. */
export const jaegerOtlpEndpoint = `http://127.0.0.1:${stackPort('JAEGER_OTLP_HTTP_PORT')}`;

/**
 * The traces Jaeger holds for one service (the newest first, at most `limit`), only those with a
 * span named `operation` when given: the processors start a trace per consumed batch, which would
 * crowd a limited answer.
 */
export async function jaegerTraces(service: string, limit = 500, operation?: string): Promise<JaegerTrace[]> {
  const only = operation === undefined ? '' : `&operation=${encodeURIComponent(operation)}`;
  const url = `http://127.0.0.1:${stackPort('JAEGER_QUERY_PORT')}/api/traces?service=${encodeURIComponent(service)}&limit=${limit}&lookback=1h${only}`;
  const response = await fetch(url);
  if (response.status === 404) return []; // a service Jaeger has not seen yet
  if (!response.ok) throw new Error(`Jaeger answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { data: JaegerTrace[] | null }).data ?? [];
}

/** A span's tag value by key. */
export function tag(span: JaegerSpan, key: string): unknown {
  return span.tags.find((t) => t.key === key)?.value;
}

/** Whether `span` descends from `ancestor` within `trace` (through CHILD_OF references). */
export function descendsFrom(trace: JaegerTrace, span: JaegerSpan, ancestor: JaegerSpan): boolean {
  const byId = new Map(trace.spans.map((s) => [s.spanID, s]));
  let current: JaegerSpan | undefined = span;
  while (current !== undefined) {
    const parent: string | undefined = current.references.find((r) => r.refType === 'CHILD_OF')?.spanID;
    if (parent === ancestor.spanID) return true;
    current = parent === undefined ? undefined : byId.get(parent);
  }
  return false;
}
