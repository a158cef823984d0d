import type { ClickHouseClient } from '@clickhouse/client';
import { type Attributes, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Metrics } from '../metrics';
import { observe } from './storage-metrics';

/** ClickHouse has no maintained OpenTelemetry instrumentation for Node: these are the product's. */
const tracer = trace.getTracer('social-analytics.clickhouse');

type Operation = 'query' | 'insert' | 'command' | 'exec';
const OPERATIONS: Operation[] = ['query', 'insert', 'command', 'exec'];

/**
 * The client, with each query, insert, command and exec timed by operation and outcome in
 * `seconds` (social_analytics_clickhouse_duration_seconds), and a span (kind client, OpenTelemetry's
 * database conventions) around each one made inside a traced operation: an API request, or a
 * processors' batch. Outside one (migrations, readiness pings) it starts no trace, as the
 * PostgreSQL and Redis instrumentations do. A failed call marks its span as an error.
 */
export function instrumentClickHouse(
  client: ClickHouseClient,
  seconds?: Metrics['clickhouseSeconds'],
): ClickHouseClient {
  for (const operation of OPERATIONS) {
    const original = client[operation].bind(client) as (params: Params) => Promise<unknown>;
    const timed = (params: Params) => {
      const result = original(params);
      if (seconds) observe(seconds, { operation }, result);
      return result;
    };
    const traced = (params: Params) => {
      if (trace.getActiveSpan() === undefined) return timed(params);
      const { name, attributes } = describe(operation, params);
      return tracer.startActiveSpan(name, { kind: SpanKind.CLIENT, attributes }, (span) =>
        finish(span, timed(params)),
      );
    };
    Object.assign(client, { [operation]: traced });
  }
  return client;
}

/** What the calls take that a span names: the table of an insert, the text of a statement. */
interface Params {
  table?: string;
  values?: unknown;
  query?: string;
}

function describe(operation: Operation, params: Params): { name: string; attributes: Attributes } {
  const attributes: Attributes = { 'db.system.name': 'clickhouse', 'db.operation.name': operation };
  if (operation !== 'insert' || params.table === undefined) {
    // The text as written: parameters travel apart ({name:Type}), so it holds no values.
    if (params.query !== undefined) attributes['db.query.text'] = params.query;
    return { name: operation, attributes };
  }
  const [namespace, collection] = params.table.includes('.')
    ? params.table.split('.', 2)
    : [undefined, params.table];
  if (namespace !== undefined) attributes['db.namespace'] = namespace;
  attributes['db.collection.name'] = collection;
  if (Array.isArray(params.values)) attributes['db.operation.batch.size'] = params.values.length;
  return { name: `insert ${params.table}`, attributes };
}

async function finish<T>(span: Span, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}
