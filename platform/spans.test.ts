import { trace } from '@opentelemetry/api';
import { core, node, tracing } from '@opentelemetry/sdk-node';
import { inLinkedSpan } from './spans';

const exporter = new tracing.InMemorySpanExporter();
const provider = new node.NodeTracerProvider({ spanProcessors: [new tracing.SimpleSpanProcessor(exporter)] });

beforeAll(() => provider.register({ propagator: new core.W3CTraceContextPropagator() }));
afterAll(() => trace.disable());
beforeEach(() => exporter.reset());

const producedA = { traceparent: Buffer.from('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01') };
const producedB = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };

describe('inLinkedSpan', () => {
  it("links a batch's span to the span that produced each of its records, once each", async () => {
    const result = await inLinkedSpan(
      'sink write posts',
      { 'db.collection.name': 'posts' },
      [producedA, producedB, producedA, undefined, { other: Buffer.from('x') }],
      async () => 'written',
    );
    expect(result).toBe('written');
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('sink write posts');
    expect(span?.attributes).toMatchObject({ 'db.collection.name': 'posts' });
    expect(span?.links.map((link) => [link.context.traceId, link.context.spanId])).toEqual([
      ['0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331'],
      ['4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b7'],
    ]);
  });

  it('is the active span while the work runs, and an error when the work fails', async () => {
    let inside: string | undefined;
    await expect(
      inLinkedSpan('sink write posts', {}, [producedA], async () => {
        inside = trace.getActiveSpan()?.spanContext().spanId;
        throw new Error('ClickHouse refused');
      }),
    ).rejects.toThrow('ClickHouse refused');
    const [span] = exporter.getFinishedSpans();
    expect(inside).toBe(span?.spanContext().spanId);
    expect(span?.status).toMatchObject({ code: 2, message: 'ClickHouse refused' });
  });

  it('starts no span for records that carry no trace context: a trace per commit would be noise', async () => {
    const result = await inLinkedSpan(
      'sink write posts',
      {},
      [undefined, { other: Buffer.from('x') }],
      async () => 'written',
    );
    expect(result).toBe('written');
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
