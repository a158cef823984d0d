import { eventually } from './support/eventually';
import { uniqueName } from './support/isolation';
import {
  type JaegerSpan,
  type JaegerTrace,
  descendsFrom,
  jaegerOtlpEndpoint,
  jaegerTraces,
  tag,
} from './support/jaeger';
import { type ProductProcess, startHealthyProduct } from './support/product-process';
import { channelPost } from './support/telegram-updates';
import { readTopic } from './support/topic-reader';

const WEBHOOK = '/api/social/telegram/webhook';

/** The webhook's trace: its server span and the Kafka produce span beneath it. */
interface WebhookTrace {
  trace: JaegerTrace;
  server: JaegerSpan;
  produce: JaegerSpan;
}

function webhookTrace(traces: JaegerTrace[]): WebhookTrace | undefined {
  for (const trace of traces) {
    const server = trace.spans.find(
      (s) => tag(s, 'span.kind') === 'server' && tag(s, 'http.route') === WEBHOOK,
    );
    const produce = trace.spans.find((s) => tag(s, 'span.kind') === 'producer');
    if (server && produce) return { trace, server, produce };
  }
  return undefined;
}

/**
 * Traces as an operator sees them in Jaeger (the local stack's, built from ops/jaeger/go.mod):
 * the product runs as its own process with OTEL_EXPORTER_OTLP_ENDPOINT set, a service name of this
 * test's own, and a Telegram update arrives at the webhook.
 */
describe('traces (OpenTelemetry to Jaeger)', () => {
  let product: ProductProcess;
  const service = uniqueName('social-analytics-trace-test-');
  const prefix = `test-${uniqueName('')}.`;

  beforeAll(async () => {
    product = await startHealthyProduct(
      {
        NODE_ENV: 'test',
        KAFKA_TOPIC_PREFIX: prefix,
        OTEL_EXPORTER_OTLP_ENDPOINT: jaegerOtlpEndpoint,
        OTEL_SERVICE_NAME: service,
      },
      { path: '/readyz', timeoutMs: 90_000 },
    );
  }, 100_000);

  afterAll(async () => {
    product?.child.kill('SIGTERM');
    await product?.exit;
  });

  it('follows a webhook request into Kafka: one trace, its context in the record, the processors linked', async () => {
    const now = Math.floor(Date.now() / 1000);
    const response = await fetch(`http://127.0.0.1:${product.port}${WEBHOOK}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-telegram-bot-api-secret-token': 'local-webhook-secret',
      },
      body: JSON.stringify(channelPost(now, now, now)),
    });
    expect(response.status).toBe(200);

    const found = await eventually(
      async () => webhookTrace(await jaegerTraces(service, 50, `POST ${WEBHOOK}`)),
      (value) => value !== undefined,
      90_000, // the exporter sends every few seconds; a loaded machine delays it
      500,
    );
    const { trace, server, produce } = found!;
    expect(server.operationName).toBe(`POST ${WEBHOOK}`);
    expect(tag(server, 'http.response.status_code') ?? tag(server, 'http.status_code')).toBe(200);
    expect(descendsFrom(trace, produce, server)).toBe(true);
    expect(tag(produce, 'messaging.destination.name')).toBe(`${prefix}social.telegram.updates.v1`);

    // The record carries the produce span's context (W3C traceparent): whoever reads it continues the trace.
    const records = await readTopic(`${prefix}social.telegram.updates.v1`);
    expect(records.map((r) => r.headers.traceparent)).toContain(`00-${trace.traceID}-${produce.spanID}-01`);

    // The processors' batch that consumed it, and each sink that wrote what it became, are spans
    // linked to that produce span; a sink's writes (the ClickHouse insert) are beneath its span.
    const linked = (spans: JaegerSpan[]) =>
      spans.filter((s) =>
        s.references.some((r) => r.traceID === trace.traceID && r.spanID === produce.spanID),
      );
    const found2 = await eventually(
      async () => {
        const traces = await jaegerTraces(service);
        const spans = linked(traces.flatMap((t) => t.spans));
        const consumed = spans.find((s) => tag(s, 'span.kind') === 'consumer');
        const sink = spans.find((s) => s.operationName === 'sink write clickhouse-content');
        const sinkTrace = traces.find((t) => sink && t.traceID === sink.traceID);
        return { consumed, sink, sinkTrace };
      },
      ({ consumed, sink }) => consumed !== undefined && sink !== undefined,
      30_000,
      500,
    );
    expect(tag(found2.consumed!, 'messaging.destination.name')).toBe(`${prefix}social.telegram.updates.v1`);
    const insert = found2.sinkTrace!.spans.find(
      (s) => s.operationName.startsWith('insert ') && s.operationName.endsWith('.posts'),
    );
    expect(insert && descendsFrom(found2.sinkTrace!, insert, found2.sink!)).toBe(true);
  }, 150_000);

  it("shows an API request's database calls beneath it: PostgreSQL, Redis, ClickHouse", async () => {
    const api = `http://127.0.0.1:${product.port}`;
    const json = { 'content-type': 'application/json' };
    const email = `${uniqueName('trace-')}@example.com`;
    const signup = await fetch(`${api}/v1/auth/signup`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email, password: 'a long passphrase', organization_name: 'Traced' }),
    });
    expect(signup.status).toBe(201);
    const { access_token: token } = (await signup.json()) as { access_token: string };
    const auth = { authorization: `Bearer ${token}` };
    const channel = 'telegram:-1001987654321';
    const tracked = await fetch(`${api}/v1/channels`, {
      method: 'POST',
      headers: { ...json, ...auth },
      body: JSON.stringify({ channel, title: 'Traced channel' }),
    });
    expect(tracked.status).toBe(201);
    const metrics = await fetch(`${api}/v1/channels/${channel}/metrics?granularity=day`, { headers: auth });
    expect(metrics.status).toBe(200);

    const read = await eventually(
      async () =>
        (await jaegerTraces(service, 500)).find((t) =>
          t.spans.some(
            (s) => tag(s, 'span.kind') === 'server' && String(tag(s, 'url.path')).endsWith('/metrics'),
          ),
        ),
      (value) => value !== undefined,
      30_000,
      500,
    );
    const server = read!.spans.find((s) => tag(s, 'span.kind') === 'server')!;
    const systems = read!.spans
      .filter((s) => descendsFrom(read!, s, server))
      .map((s) => tag(s, 'db.system.name') ?? tag(s, 'db.system'));
    expect(systems).toEqual(expect.arrayContaining(['postgresql', 'redis', 'clickhouse']));
  }, 60_000);

  it('starts no trace for background chatter: an idle Kafka transaction, an outgoing call outside a request', async () => {
    const roots = (await jaegerTraces(service, 500)).flatMap((t) =>
      t.spans.filter((s) => s.references.length === 0),
    );
    expect(roots.length).toBeGreaterThan(0);
    // A consumed batch ('poll <topic>', a messaging client span) is a real start; a bare HTTP call is not.
    const chatter = roots.filter(
      (s) =>
        s.operationName === 'transaction' ||
        (tag(s, 'span.kind') === 'client' && tag(s, 'messaging.system') === undefined),
    );
    expect(chatter.map((s) => s.operationName)).toEqual([]);
  });
});
