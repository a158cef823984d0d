import { trace } from '@opentelemetry/api';
import { node, tracing } from '@opentelemetry/sdk-node';
import type { ClickHouseClient } from '@clickhouse/client';
import { createMetrics } from '../metrics';
import { instrumentClickHouse } from './clickhouse-telemetry';

const exporter = new tracing.InMemorySpanExporter();
const provider = new node.NodeTracerProvider({ spanProcessors: [new tracing.SimpleSpanProcessor(exporter)] });

beforeAll(() => provider.register());
afterAll(() => trace.disable());
beforeEach(() => exporter.reset());

/** A client that records its calls; `insert` fails when asked to. */
function fakeClient(failInsert = false) {
  const calls: string[] = [];
  const client = {
    insert: async (params: { table: string }) => {
      calls.push(`insert ${params.table}`);
      if (failInsert) throw new Error('Code: 241. Memory limit exceeded');
      return { executed: true };
    },
    query: async (params: { query: string }) => {
      calls.push(`query ${params.query}`);
      return { text: async () => '' };
    },
    command: async () => calls.push('command'),
    exec: async () => calls.push('exec'),
    ping: async () => ({ success: true }),
  };
  const metrics = createMetrics();
  const instrumented = instrumentClickHouse(client as unknown as ClickHouseClient, metrics.clickhouseSeconds);
  return { client: instrumented, calls, metrics };
}

describe('instrumentClickHouse', () => {
  it('makes a client span for each call inside a traced operation, naming the table written', async () => {
    const { client, calls } = fakeClient();
    await trace.getTracer('test').startActiveSpan('batch', async (parent) => {
      await client.insert({ table: 'test_db.posts', values: [{ a: 1 }, { a: 2 }], format: 'JSONEachRow' });
      await client.query({ query: 'SELECT 1' });
      parent.end();
    });
    expect(calls).toEqual(['insert test_db.posts', 'query SELECT 1']);
    const spans = exporter.getFinishedSpans().filter((span) => span.name !== 'batch');
    expect(spans.map((span) => span.name)).toEqual(['insert test_db.posts', 'query']);
    expect(spans[0]?.attributes).toMatchObject({
      'db.system.name': 'clickhouse',
      'db.operation.name': 'insert',
      'db.namespace': 'test_db',
      'db.collection.name': 'posts',
      'db.operation.batch.size': 2,
    });
    expect(spans[1]?.attributes['db.query.text']).toBe('SELECT 1');
    const parentId = exporter
      .getFinishedSpans()
      .find((span) => span.name === 'batch')
      ?.spanContext().spanId;
    expect(spans.every((span) => span.parentSpanContext?.spanId === parentId)).toBe(true);
  });

  it('marks a failed call as an error and passes the failure on', async () => {
    const { client } = fakeClient(true);
    await trace.getTracer('test').startActiveSpan('batch', async (parent) => {
      await expect(client.insert({ table: 'posts', values: [], format: 'JSONEachRow' })).rejects.toThrow(
        /Memory limit/,
      );
      parent.end();
    });
    const insert = exporter.getFinishedSpans().find((span) => span.name === 'insert posts');
    expect(insert?.status).toMatchObject({ code: 2, message: 'Code: 241. Memory limit exceeded' });
    expect(insert?.events.map((event) => event.name)).toEqual(['exception']);
  });

  it('times every call by operation and outcome, traced or not', async () => {
    const { client, metrics } = fakeClient(true);
    await client.query({ query: 'SELECT 1' });
    await expect(client.insert({ table: 'posts', values: [], format: 'JSONEachRow' })).rejects.toThrow();
    const counts = (await metrics.clickhouseSeconds.get()).values
      .filter((value) => value.metricName === 'social_analytics_clickhouse_duration_seconds_count')
      .map((value) => [value.labels.operation, value.labels.outcome, value.value]);
    expect(counts).toEqual([
      ['query', 'ok', 1],
      ['insert', 'error', 1],
    ]);
  });

  it('starts no trace of its own: outside a traced operation a call makes no span', async () => {
    const { client, calls } = fakeClient();
    await client.command({ query: 'CREATE TABLE t (a UInt8) ENGINE = Memory' });
    expect(calls).toEqual(['command']);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
