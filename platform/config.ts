import { z } from 'zod';
import { AppError } from './errors';
import { productionSecretProblems } from './production-secrets';

/**
 * Typed configuration, read once from the environment and validated. Defaults point at the local
 * stack started by ops/stack.sh (ports in ops/stack.env); .env.example lists every variable.
 */
const roles = ['api', 'connectors', 'processors'] as const;
export type Role = (typeof roles)[number];

const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean),
);

const schema = z.object({
  // Production unless the environment says otherwise: a deployment that forgets NODE_ENV gets the
  // production checks (no published secret starts), never the development defaults.
  NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  ROLES: csv.pipe(z.array(z.enum(roles)).min(1)).default([...roles]),
  HTTP_HOST: z.string().default('127.0.0.1'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  OPS_PORT: z.coerce.number().int().min(0).max(65535).default(8081),
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  API_CHECK_RESPONSES: z.stringbool().optional(),
  HTTP_TRUST_PROXY: z
    .string()
    .default('loopback')
    .transform((text): boolean | number | string =>
      /^\d+$/.test(text) ? Number(text) : text === 'true' ? true : text === 'false' ? false : text,
    ),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(15000),

  KAFKA_BROKERS: csv.pipe(z.array(z.string()).min(1)).default(['127.0.0.1:19092']),
  KAFKA_CLIENT_ID: z.string().default('social-analytics'),
  KAFKA_TOPIC_PREFIX: z.string().default(''),
  KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().positive().default(3),
  KAFKA_PRODUCE_TIMEOUT_MS: z.coerce.number().int().positive().default(10000),
  PROCESSOR_GROUP_ID: z.string().default('social-analytics.channel-content'),
  PROCESSOR_STATE_DIR: z.string().min(1).default('.stack/streams-state'),
  PROCESSOR_STREAM_THREADS: z.coerce.number().int().min(1).max(64).default(1),
  SCHEMA_REGISTRY_URL: z.url().default('http://127.0.0.1:18081/apis/ccompat/v7'),

  CLICKHOUSE_URL: z.url().optional(),
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  CLICKHOUSE_PATH: z.string().default('.stack/chdb'),
  /** Queries in flight at once: the server client's connection pool, or the embedded engine's gate. */
  CLICKHOUSE_MAX_CONCURRENT_QUERIES: z.coerce.number().int().positive().optional(),
  /** Days a post's raw payload stays in ClickHouse after its receipt; later it is read from the lake. */
  CLICKHOUSE_RAW_PAYLOAD_DAYS: z.coerce.number().int().positive().max(3650).default(30),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .default('social_analytics'),

  DATABASE_URL: z.string().default('postgres://social:social@127.0.0.1:15432/social_analytics'),
  REDIS_URL: z.string().default('redis://127.0.0.1:16379/0'),
  CACHE_REDIS_URL: z.string().default('redis://127.0.0.1:16380/0'),
  LIVE_STREAMS_PER_PRINCIPAL: z.coerce.number().int().min(1).default(5),
  LIVE_STREAMS_PER_ORGANIZATION: z.coerce.number().int().min(1).default(50),
  LIVE_STREAM_MAX_SECONDS: z.coerce.number().int().min(1).default(900),

  S3_ENDPOINT: z.url().default('http://127.0.0.1:19000'),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().default('social-analytics'),
  S3_SECRET_ACCESS_KEY: z.string().default('social-analytics-secret'),
  S3_BUCKET: z.string().default('social-analytics'),
  S3_FORCE_PATH_STYLE: z.stringbool().default(true),
  LAKE_RAW_EXPIRE_DAYS: z.coerce.number().int().positive().default(400),
  LAKE_NONCURRENT_EXPIRE_DAYS: z.coerce.number().int().positive().default(30),
  LAKE_ENCRYPTION: z.enum(['AES256', 'aws:kms', 'none']).default('AES256'),
  LAKE_CORS_ORIGINS: csv.pipe(z.array(z.url())).default([]),
  LAKE_EXPORT_INTERVAL_MS: z.coerce.number().int().min(0).default(3_600_000),
  ARCHIVE_GROUP_ID: z.string().default('social-analytics.raw-archive'),
  ARCHIVE_COMMIT_INTERVAL_MS: z.coerce.number().int().positive().default(60_000),
  ARCHIVE_RECORDS_PER_FILE: z.coerce.number().int().positive().default(10_000),

  TELEGRAM_BOT_TOKEN: z.string().default('000000:local-development-token'),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/)
    .default('local-webhook-secret'),
  TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
  TELEGRAM_STATS_INTERVAL_MS: z.coerce.number().int().min(1000).default(300_000),

  JWT_SIGNING_KEYS: csv
    .pipe(
      z
        .array(z.string().regex(/^[A-Za-z0-9._-]{1,64}:.{32,}$/, 'each key is <kid>:<secret of 32+ chars>'))
        .min(1),
    )
    .default(['local-1:local-development-signing-key-not-for-production']),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(300).default(86_400),
  CORS_ORIGINS: csv.pipe(z.array(z.url())).default([]),
  SMTP_URL: z
    .url()
    .refine((url) => /^smtps?:\/\//.test(url), 'smtp://user:password@host:port or smtps://…')
    .optional(),
  MAIL_FROM: z.string().min(3).default('social-analytics <no-reply@localhost>'),
  APP_URL: z.url().default('http://127.0.0.1:8080'),
  OIDC_ISSUER_URL: z.url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_REDIRECT_URI: z.url().optional(),
  OIDC_SCOPES: z.string().default('openid email profile'),
  OIDC_PROVIDER_NAME: z.string().max(60).optional(),

  X_API_ROOT: z.url().default('https://api.x.com'),
  X_BEARER_TOKEN: z.string().optional(),
  X_POLL_INTERVAL_MS: z.coerce.number().int().min(1000).default(300_000),
  X_REFRESH_MAX_AGE_HOURS: z.coerce.number().min(0).default(48),
  X_REFRESH_INTERVAL_MS: z.coerce.number().int().min(1000).default(3_600_000),

  STRIPE_SECRET_KEY: z.string().default('sk_test_123'),
  STRIPE_API_URL: z.url().default('http://127.0.0.1:12111'),
  STRIPE_WEBHOOK_SECRET: z.string().default('whsec_local'),
  STRIPE_PRICE_PRO: z.string().default('price_pro_monthly'),
  STRIPE_PRICE_ENTERPRISE: z.string().default('price_enterprise_monthly'),
  BILLING_GROUP_ID: z.string().default('social-analytics.subscription-state'),

  // OpenTelemetry's standard variables (the subset this product honours): traces go out over
  // OTLP/HTTP (protobuf) only when an endpoint is set.
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_EXPORTER_OTLP_HEADERS: z.string().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('social-analytics'),
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
});

export type Env = z.input<typeof schema>;

export interface Config {
  env: 'development' | 'test' | 'production';
  logLevel: string;
  roles: Role[];
  /**
   * `trustProxy` is Express's `trust proxy`: which hops may set X-Forwarded-For. Rate limits of
   * anonymous routes count per client address, so behind an ingress it must name the ingress
   * (a hop count like `1`, or its addresses), or every client shares one address.
   */
  http: {
    host: string;
    port: number;
    trustProxy: boolean | number | string;
    /** How long a client may take to send a request's headers, and the whole request (ms). */
    headersTimeoutMs: number;
    requestTimeoutMs: number;
    /** Check every API answer against its route's response schema (off in production). */
    checkResponses: boolean;
  };
  /** The operations port (`/healthz`, `/readyz`, `/metrics`), on the same host as the API. */
  ops: { port: number };
  shutdownTimeoutMs: number;
  kafka: {
    brokers: string[];
    clientId: string;
    topicPrefix: string;
    topicPartitions: number;
    produceTimeoutMs: number;
    processorGroupId: string;
    /** Where the processors keep their persistent stores (LMDB), one directory per app and task. */
    processorStateDir: string;
    /** Stream threads of the content app: 1 in the process's main thread, more in worker threads. */
    processorStreamThreads: number;
  };
  schemaRegistry: { url: string };
  clickhouse: {
    url?: string;
    user: string;
    password: string;
    path: string;
    database: string;
    maxConcurrentQueries?: number;
    /** Days a post's raw payload stays in ClickHouse (`post_payloads`); then the lake answers it. */
    rawPayloadDays: number;
  };
  postgres: { url: string };
  redis: { url: string };
  /** The query cache's own Redis: bounded and evicting, unlike the one holding sessions. */
  cache: { redis: { url: string } };
  /** `/live` streams: open at once per caller and per organization, and the longest one lives. */
  live: { streamsPerPrincipal: number; streamsPerOrganization: number; maxStreamMs: number };
  s3: {
    endpoint: string;
    region: string;
    accessKeyId: string;
    secretAccessKey: string;
    bucket: string;
    forcePathStyle: boolean;
  };
  /** The lake bucket's policies (set at start-up) and the raw archive app (docs/lake.md). */
  lake: {
    /** Days after which raw-data/ objects expire, and old versions of any object. */
    rawExpireDays: number;
    noncurrentExpireDays: number;
    /** Default server-side encryption of new objects; `none` leaves the bucket's as it is. */
    encryption: 'AES256' | 'aws:kms' | 'none';
    /** Origins (the dashboard's) allowed to GET objects from a browser; empty: no CORS rules. */
    corsOrigins: string[];
    /** How often the processors role exports closed periods as Parquet; 0: never (docs/lake.md). */
    exportIntervalMs: number;
    archive: { groupId: string; commitIntervalMs: number; recordsPerFile: number };
  };
  telegram: { botToken: string; webhookSecret: string; apiRoot: string; statsIntervalMs: number };
  auth: {
    /** Signing keys by kid; the first signs, all verify (rotation: prepend the new one). */
    signingKeys: { kid: string; secret: string }[];
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
  };
  corsOrigins: string[];
  /**
   * Account mail (invitations, password resets). Without an SMTP URL mail is logged outside
   * production; `appUrl` is where the links in mail point.
   */
  mail: { smtpUrl?: string; from: string; appUrl: string };
  /**
   * Sign-in with an OpenID Connect provider; undefined (OIDC_ISSUER_URL unset) turns it off. Without
   * a client secret the client is public and relies on PKCE alone.
   */
  oidc?: {
    issuerUrl: string;
    clientId: string;
    clientSecret?: string;
    /** Registered at the provider; the API's callback, or a front-end page that forwards to it. */
    redirectUri: string;
    scopes: string;
    /** Shown on the dashboard's "Sign in with …" button; the issuer's host when unset. */
    providerName: string;
  };
  /** The X poller runs only with a bearer token. */
  twitter: {
    apiRoot: string;
    bearerToken?: string;
    pollIntervalMs: number;
    refreshMaxAgeMs: number;
    refreshIntervalMs: number;
  };
  stripe: {
    secretKey: string;
    apiUrl: string;
    webhookSecret: string;
    /** The recurring Stripe prices of the paid plans. */
    prices: { pro: string; enterprise: string };
    /** The consumer group that applies billing events to subscription state. */
    groupId: string;
  };
  /**
   * OpenTelemetry. `traces` is undefined (tracing off) unless an OTLP endpoint is set; `url` is the
   * traces endpoint itself (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or the base endpoint + /v1/traces).
   * Services name themselves in logs and spans with `serviceName`.
   */
  telemetry: {
    serviceName: string;
    traces?: { url: string; headers: Record<string, string>; sampleRatio: number };
  };
}

/** Parses and validates configuration; throws CONFIG_INVALID naming every bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(stripEmpty(source));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new AppError('CONFIG_INVALID', `invalid configuration: ${problems.join('; ')}`, {
      details: { problems },
    });
  }
  const e = parsed.data;
  const problems = [...(e.NODE_ENV === 'production' ? productionSecretProblems(e) : []), ...portProblems(e)];
  if (problems.length > 0) {
    const hint = e.NODE_ENV === 'production' ? ' (the local stack runs with NODE_ENV=development)' : '';
    throw new AppError('CONFIG_INVALID', `invalid configuration: ${problems.join('; ')}${hint}`, {
      details: { problems },
    });
  }
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    roles: [...new Set(e.ROLES)],
    http: {
      host: e.HTTP_HOST,
      port: e.HTTP_PORT,
      trustProxy: e.HTTP_TRUST_PROXY,
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      checkResponses: e.API_CHECK_RESPONSES ?? e.NODE_ENV !== 'production',
    },
    ops: { port: e.OPS_PORT },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    kafka: {
      brokers: e.KAFKA_BROKERS,
      clientId: e.KAFKA_CLIENT_ID,
      topicPrefix: e.KAFKA_TOPIC_PREFIX,
      topicPartitions: e.KAFKA_TOPIC_PARTITIONS,
      produceTimeoutMs: e.KAFKA_PRODUCE_TIMEOUT_MS,
      processorGroupId: e.PROCESSOR_GROUP_ID,
      processorStateDir: e.PROCESSOR_STATE_DIR,
      processorStreamThreads: e.PROCESSOR_STREAM_THREADS,
    },
    schemaRegistry: { url: e.SCHEMA_REGISTRY_URL },
    clickhouse: {
      url: e.CLICKHOUSE_URL,
      user: e.CLICKHOUSE_USER,
      password: e.CLICKHOUSE_PASSWORD,
      path: e.CLICKHOUSE_PATH,
      database: e.CLICKHOUSE_DATABASE,
      maxConcurrentQueries: e.CLICKHOUSE_MAX_CONCURRENT_QUERIES,
      rawPayloadDays: e.CLICKHOUSE_RAW_PAYLOAD_DAYS,
    },
    postgres: { url: e.DATABASE_URL },
    redis: { url: e.REDIS_URL },
    cache: { redis: { url: e.CACHE_REDIS_URL } },
    live: {
      streamsPerPrincipal: e.LIVE_STREAMS_PER_PRINCIPAL,
      streamsPerOrganization: e.LIVE_STREAMS_PER_ORGANIZATION,
      maxStreamMs: e.LIVE_STREAM_MAX_SECONDS * 1000,
    },
    s3: {
      endpoint: e.S3_ENDPOINT,
      region: e.S3_REGION,
      accessKeyId: e.S3_ACCESS_KEY_ID,
      secretAccessKey: e.S3_SECRET_ACCESS_KEY,
      bucket: e.S3_BUCKET,
      forcePathStyle: e.S3_FORCE_PATH_STYLE,
    },
    lake: {
      rawExpireDays: e.LAKE_RAW_EXPIRE_DAYS,
      noncurrentExpireDays: e.LAKE_NONCURRENT_EXPIRE_DAYS,
      encryption: e.LAKE_ENCRYPTION,
      corsOrigins: e.LAKE_CORS_ORIGINS,
      exportIntervalMs: e.LAKE_EXPORT_INTERVAL_MS,
      archive: {
        groupId: e.ARCHIVE_GROUP_ID,
        commitIntervalMs: e.ARCHIVE_COMMIT_INTERVAL_MS,
        recordsPerFile: e.ARCHIVE_RECORDS_PER_FILE,
      },
    },
    telegram: {
      botToken: e.TELEGRAM_BOT_TOKEN,
      webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
      apiRoot: e.TELEGRAM_API_ROOT,
      statsIntervalMs: e.TELEGRAM_STATS_INTERVAL_MS,
    },
    auth: {
      signingKeys: e.JWT_SIGNING_KEYS.map((entry) => {
        const at = entry.indexOf(':');
        return { kid: entry.slice(0, at), secret: entry.slice(at + 1) };
      }),
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
    },
    corsOrigins: e.CORS_ORIGINS,
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, appUrl: e.APP_URL.replace(/\/+$/, '') },
    oidc: oidcConfig(e),
    twitter: {
      apiRoot: e.X_API_ROOT,
      bearerToken: e.X_BEARER_TOKEN,
      pollIntervalMs: e.X_POLL_INTERVAL_MS,
      refreshMaxAgeMs: e.X_REFRESH_MAX_AGE_HOURS * 3_600_000,
      refreshIntervalMs: e.X_REFRESH_INTERVAL_MS,
    },
    stripe: {
      secretKey: e.STRIPE_SECRET_KEY,
      apiUrl: e.STRIPE_API_URL,
      webhookSecret: e.STRIPE_WEBHOOK_SECRET,
      prices: { pro: e.STRIPE_PRICE_PRO, enterprise: e.STRIPE_PRICE_ENTERPRISE },
      groupId: e.BILLING_GROUP_ID,
    },
    telemetry: { serviceName: e.OTEL_SERVICE_NAME, traces: tracesConfig(e) },
  };
}

/** Where traces go, or undefined: the traces endpoint wins over the base one, as the OTLP spec says. */
function tracesConfig(e: z.output<typeof schema>): Config['telemetry']['traces'] {
  const base = e.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, '');
  const url = e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base === undefined ? undefined : `${base}/v1/traces`);
  if (url === undefined) return undefined;
  return { url, headers: otlpHeaders(e.OTEL_EXPORTER_OTLP_HEADERS), sampleRatio: e.OTEL_TRACES_SAMPLER_ARG };
}

/** OTEL_EXPORTER_OTLP_HEADERS: `key=value` pairs, comma-separated, values URL-encoded (the spec's format). */
function otlpHeaders(text: string | undefined): Record<string, string> {
  const pairs = (text ?? '').split(',').filter((pair) => pair.includes('='));
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      return [pair.slice(0, at).trim(), decodeURIComponent(pair.slice(at + 1).trim())];
    }),
  );
}

/** Two listeners never share a fixed port; Node requires the headers deadline within the request's. */
function portProblems(e: z.output<typeof schema>): string[] {
  return [
    e.OPS_PORT !== 0 && e.OPS_PORT === e.HTTP_PORT ? 'OPS_PORT: must differ from HTTP_PORT' : '',
    e.HTTP_HEADERS_TIMEOUT_MS > e.HTTP_REQUEST_TIMEOUT_MS
      ? 'HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS'
      : '',
  ].filter(Boolean);
}

/** OIDC settings when an issuer is set; CONFIG_INVALID when it is set without what it needs. */
function oidcConfig(e: z.output<typeof schema>): Config['oidc'] {
  const { OIDC_ISSUER_URL: issuerUrl, OIDC_CLIENT_ID: clientId, OIDC_REDIRECT_URI: redirectUri } = e;
  if (issuerUrl === undefined) return undefined;
  const hasOpenId = e.OIDC_SCOPES.split(/\s+/).includes('openid');
  if (clientId === undefined || redirectUri === undefined || !hasOpenId) {
    const problems = [
      clientId === undefined ? 'OIDC_CLIENT_ID: required with OIDC_ISSUER_URL' : '',
      redirectUri === undefined ? 'OIDC_REDIRECT_URI: required with OIDC_ISSUER_URL' : '',
      hasOpenId ? '' : 'OIDC_SCOPES: must include openid',
    ].filter(Boolean);
    throw new AppError('CONFIG_INVALID', `invalid configuration: ${problems.join('; ')}`, {
      details: { problems },
    });
  }
  return {
    issuerUrl,
    clientId,
    clientSecret: e.OIDC_CLIENT_SECRET,
    redirectUri,
    scopes: e.OIDC_SCOPES,
    providerName: e.OIDC_PROVIDER_NAME ?? new URL(issuerUrl).host,
  };
}

/** An empty variable means "not set", as in most deployment tooling. */
function stripEmpty(source: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(source).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
    ),
  );
}
