import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { type Attributes, type Context, type Link, SpanKind } from '@opentelemetry/api';
import { NodeSDK, core, resources, tracing } from '@opentelemetry/sdk-node';
import type { IncomingMessage } from 'node:http';
import type { Config } from './config';

/** Tracing once started: `shutdown()` exports what is buffered, then stops. */
export interface Tracing {
  shutdown(): Promise<void>;
}

/** Probes and scrapes: every few seconds on every pod, a span each would bury the real traffic. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Starts OpenTelemetry tracing when `config.traces` is set (an OTLP endpoint), else does nothing.
 * It must run before the traced modules (http, express, kafkajs, pg, ioredis) are loaded: the
 * instrumentations patch them as they are required (app/instrument.ts is app/main.ts's first import).
 * Spans: every HTTP request but probes (server, with Express's route), Kafka produce with the
 * context in the record's `traceparent` header, the processors' consumed batches (linked to the
 * producers' spans), PostgreSQL and Redis calls made inside a traced operation.
 */
export function startTracing(config: Config['telemetry']): Tracing | undefined {
  if (config.traces === undefined) return undefined;
  const { url, headers, sampleRatio } = config.traces;
  const sdk = new NodeSDK({
    resource: resources.resourceFromAttributes({ 'service.name': config.serviceName }),
    spanProcessors: [new tracing.BatchSpanProcessor(new OTLPTraceExporter({ url, headers }))],
    sampler: new tracing.ParentBasedSampler({
      root: new EntryPointSampler(new tracing.TraceIdRatioBasedSampler(sampleRatio)),
    }),
    textMapPropagator: new core.W3CTraceContextPropagator(),
    // Traces only: metrics are Prometheus's (/metrics), logs are stdout's. Without these empty
    // lists the SDK would start OTLP metric and log exporters of its own.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request: IncomingMessage) =>
          UNTRACED_PATHS.has((request.url ?? '').split('?')[0] ?? ''),
        // S3 and ClickHouse calls of a traced operation only, as for PostgreSQL and Redis below.
        requireParentforOutgoingSpans: true,
      }),
      // Routers and handlers; a span for each middleware (helmet, body parsers) is noise.
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      new KafkaJsInstrumentation(),
      // Only inside a traced operation: readiness checks and pollers would otherwise each start a trace.
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}

/**
 * Decides whether a new trace starts (spans with a parent follow their parent's decision). The
 * processors open a Kafka transaction at every commit, busy or not: such a `transaction` span
 * without a parent says only that time passed, and would be most of the traces. Everything else
 * (a request, a consumed batch, a poller's produce) is kept at the configured ratio.
 */
class EntryPointSampler implements tracing.Sampler {
  constructor(private readonly ratio: tracing.Sampler) {}

  shouldSample(
    context: Context,
    traceId: string,
    name: string,
    kind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): tracing.SamplingResult {
    if (name === 'transaction' && kind === SpanKind.INTERNAL) {
      return { decision: tracing.SamplingDecision.NOT_RECORD };
    }
    return this.ratio.shouldSample(context, traceId, name, kind, attributes, links);
  }

  toString(): string {
    return `EntryPointSampler{${this.ratio.toString()}}`;
  }
}
