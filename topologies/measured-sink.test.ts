import { trace } from '@opentelemetry/api';
import { node, tracing } from '@opentelemetry/sdk-node';
import { createMetrics } from '../platform/metrics';
import type { ExternalSink, SinkRecord } from './engine';
import { measuredSink } from './measured-sink';

const exporter = new tracing.InMemorySpanExporter();
const provider = new node.NodeTracerProvider({ spanProcessors: [new tracing.SimpleSpanProcessor(exporter)] });
beforeAll(() => provider.register());
afterAll(() => trace.disable());
beforeEach(() => exporter.reset());

const context = { applicationId: 'app', taskId: '0_1', partition: 1 };
const record = (ageMs: number, headers?: Record<string, Buffer>): SinkRecord<string, number> => ({
  key: 'k',
  value: 1,
  timestamp: Date.now() - ageMs,
  version: 1n,
  ...(headers ? { headers } : {}),
});

/** The exposition lines of a metric whose name starts with `prefix` (its _count or a _bucket). */
async function lines(metrics: ReturnType<typeof createMetrics>, name: string, prefix: string) {
  const text = await metrics.registry.getSingleMetricAsString(name);
  return text.split('\n').filter((line) => line.startsWith(prefix));
}

describe('measuredSink', () => {
  it('times each write and observes how old each record was once written', async () => {
    const metrics = createMetrics();
    const written: number[] = [];
    const inner: ExternalSink<string, number> = {
      write: async (records) => void written.push(records.length),
    };
    await measuredSink(inner, 'posts', metrics).write([record(2_000), record(40_000)], context);
    expect(written).toEqual([2]);
    const writes = 'social_analytics_sink_write_duration_seconds';
    expect(await lines(metrics, writes, `${writes}_count`)).toEqual([
      `${writes}_count{sink="posts",outcome="ok"} 1`,
    ]);
    const freshness = 'social_analytics_sink_freshness_seconds';
    expect(await lines(metrics, freshness, `${freshness}_bucket{le="`)).toEqual(
      expect.arrayContaining([
        `${freshness}_bucket{le="1",sink="posts"} 0`,
        `${freshness}_bucket{le="5",sink="posts"} 1`,
        `${freshness}_bucket{le="60",sink="posts"} 2`,
      ]),
    );
  });

  it('counts a failed write as an error, observes no freshness, and passes the failure on', async () => {
    const metrics = createMetrics();
    const inner: ExternalSink<string, number> = {
      write: async () => {
        throw new Error('ClickHouse refused');
      },
    };
    await expect(measuredSink(inner, 'posts', metrics).write([record(1_000)], context)).rejects.toThrow(
      'ClickHouse refused',
    );
    const writes = 'social_analytics_sink_write_duration_seconds';
    expect(await lines(metrics, writes, `${writes}_count`)).toEqual([
      `${writes}_count{sink="posts",outcome="error"} 1`,
    ]);
    const freshness = 'social_analytics_sink_freshness_seconds';
    expect(await lines(metrics, freshness, `${freshness}_count`)).toEqual([]);
  });

  it("is a span per write, linked to each record's producer when records carry their headers", async () => {
    const metrics = createMetrics();
    const traceparent = Buffer.from('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    const inner: ExternalSink<string, number> = { write: async () => undefined };
    await measuredSink(inner, 'posts', metrics).write([record(1, { traceparent }), record(1)], context);
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('sink write posts');
    expect(span?.attributes).toMatchObject({
      'sink.name': 'posts',
      'sink.records': 2,
      'streams.task': '0_1',
    });
    expect(span?.links.map((link) => link.context.spanId)).toEqual(['b7ad6b7169203331']);
  });
});
