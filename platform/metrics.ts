import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus registry: default process metrics plus the pipeline's own counters.
 * One registry per process (not prom-client's global one) so tests can run several apps at once.
 */
export interface Metrics {
  registry: Registry;
  webhookRequests: Counter<'source' | 'outcome'>;
  recordsProduced: Counter<'topic'>;
  deadLetters: Counter<'topic' | 'code'>;
  processorRecords: Counter<'topology' | 'outcome'>;
  processorBatchSeconds: Histogram<'topology'>;
  sinkRows: Counter<'table'>;
  queryCache: Counter<'result'>;
  metricsQueryQuestions: Histogram;
  xReads: Counter<'organization'>;
  xReadBudgetRemaining: Gauge<'organization'>;
  xRateLimitWaitSeconds: Counter<'endpoint'>;
  xPolls: Counter<'kind' | 'outcome'>;
  billingPaymentsFailed: Counter;
  httpRequestSeconds: Histogram<'method' | 'route' | 'status_code'>;
  clickhouseSeconds: Histogram<'operation' | 'outcome'>;
  dependencyUp: Gauge<'dependency'>;
  dependencyCheckSeconds: Gauge<'dependency'>;
  sinkWriteSeconds: Histogram<'sink' | 'outcome'>;
  sinkFreshnessSeconds: Histogram<'sink'>;
  storageCallSeconds: Histogram<'store' | 'operation' | 'outcome'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'social_analytics_' });
  const registers = [registry];
  return {
    registry,
    webhookRequests: new Counter({
      name: 'social_analytics_webhook_requests_total',
      help: 'Webhook requests by source and outcome (stored, dead_lettered, unauthorized, bad_request, unavailable).',
      labelNames: ['source', 'outcome'],
      registers,
    }),
    recordsProduced: new Counter({
      name: 'social_analytics_records_produced_total',
      help: 'Records acknowledged by Kafka, by topic.',
      labelNames: ['topic'],
      registers,
    }),
    deadLetters: new Counter({
      name: 'social_analytics_dead_letters_total',
      help: 'Records sent to a dead-letter topic, by source topic and error code.',
      labelNames: ['topic', 'code'],
      registers,
    }),
    processorRecords: new Counter({
      name: 'social_analytics_processor_records_total',
      help: 'Records consumed by a processor, by topology and outcome (processed, skipped, dead_lettered).',
      labelNames: ['topology', 'outcome'],
      registers,
    }),
    processorBatchSeconds: new Histogram({
      name: 'social_analytics_processor_batch_duration_seconds',
      help: 'Time to process and sink one consumed batch (its offsets are committed after).',
      labelNames: ['topology'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    sinkRows: new Counter({
      name: 'social_analytics_sink_rows_total',
      help: 'Rows written to ClickHouse, by table.',
      labelNames: ['table'],
      registers,
    }),
    queryCache: new Counter({
      name: 'social_analytics_query_cache_total',
      help: 'Query answer cache lookups, by result (hit_local: this process within a second; hit: Redis; miss; error).',
      labelNames: ['result'],
      registers,
    }),
    metricsQueryQuestions: new Histogram({
      name: 'social_analytics_metrics_query_questions',
      help: 'Metrics questions answered per ClickHouse query: more than one when requests waited and went as a batch.',
      buckets: [1, 2, 4, 8, 16, 32],
      registers,
    }),
    xReads: new Counter({
      name: 'social_analytics_x_reads_total',
      help: 'X API reads (posts and users returned) charged to an organization.',
      labelNames: ['organization'],
      registers,
    }),
    xReadBudgetRemaining: new Gauge({
      name: 'social_analytics_x_read_budget_remaining',
      help: "Reads left in an organization's monthly X budget; at 0 its targets are not polled until the month ends.",
      labelNames: ['organization'],
      registers,
    }),
    xRateLimitWaitSeconds: new Counter({
      name: 'social_analytics_x_rate_limit_wait_seconds_total',
      help: 'Time spent waiting for an X rate-limit window to reset, by endpoint.',
      labelNames: ['endpoint'],
      registers,
    }),
    xPolls: new Counter({
      name: 'social_analytics_x_polls_total',
      help: 'X targets polled, by kind (account, search, followers, refresh) and outcome (ok, failed, budget_spent).',
      labelNames: ['kind', 'outcome'],
      registers,
    }),
    billingPaymentsFailed: new Counter({
      name: 'social_analytics_billing_payments_failed_total',
      help: 'invoice.payment_failed events applied (each moves an organization to past_due).',
      registers,
    }),
    httpRequestSeconds: new Histogram({
      name: 'social_analytics_http_request_duration_seconds',
      help: 'Requests on the public port, by method, route pattern (unmatched: no route) and status code, from arrival to the last byte sent.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    clickhouseSeconds: new Histogram({
      name: 'social_analytics_clickhouse_duration_seconds',
      help: 'ClickHouse calls by operation (query, insert, command, exec) and outcome (ok, error): the sinks write with insert.',
      labelNames: ['operation', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    dependencyUp: new Gauge({
      name: 'social_analytics_dependency_up',
      help: 'Whether a dependency answered the last readiness check (1) or not (0), by dependency.',
      labelNames: ['dependency'],
      registers,
    }),
    dependencyCheckSeconds: new Gauge({
      name: 'social_analytics_dependency_check_duration_seconds',
      help: 'How long the last readiness check of a dependency took (a ping, SELECT 1, a bucket head).',
      labelNames: ['dependency'],
      registers,
    }),
    sinkWriteSeconds: new Histogram({
      name: 'social_analytics_sink_write_duration_seconds',
      help: "One write of a processors' external sink at commit (ClickHouse, S3), by sink and outcome (ok, error).",
      labelNames: ['sink', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    sinkFreshnessSeconds: new Histogram({
      name: 'social_analytics_sink_freshness_seconds',
      help: "From a record's event time (the source's own timestamp) to its sink's write completing, by sink: how fresh stored results are. Replayed history lands in the top buckets.",
      labelNames: ['sink'],
      buckets: [0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400],
      registers,
    }),
    storageCallSeconds: new Histogram({
      name: 'social_analytics_storage_call_duration_seconds',
      help: 'PostgreSQL, Redis and S3 calls by store (postgresql, redis, redis-cache, s3), operation (statement kind, command) and outcome (ok, error). ClickHouse: social_analytics_clickhouse_duration_seconds.',
      labelNames: ['store', 'operation', 'outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
  };
}
