import type { MetricsWindow } from '../../api/queries/channel-metrics';
import { rmSync } from 'node:fs';
import { deleteTopicsWithPrefix } from './topic-cleanup';
import type { Config } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { Runtime } from '../../app/runtime';
import { Pool } from 'pg';
import { isolatedConfig, uniqueName } from './isolation';

export interface RunningApp {
  config: Config;
  runtime: Runtime;
  baseUrl: string;
  stop: () => Promise<void>;
  /** The access token `getJson` sends, once `useAccount` has signed up. */
  token?: string;
}

/** Starts the whole product in this process against the local stack, isolated by random names. */
export async function startApp(overrides: Record<string, string> = {}): Promise<RunningApp> {
  const config = isolatedConfig(overrides);
  // A stream app that fails beyond repair stops the process in production; here it must fail the
  // suite that caused it (when the app stops), not stop the test runner.
  const fatal: Error[] = [];
  const runtime = new Runtime(config, createLogger(config.logLevel), {
    onFatal: (error) => fatal.push(error),
  });
  const port = await runtime.start();
  const stop = async () => {
    await runtime.stop();
    rmSync(config.clickhouse.path, { recursive: true, force: true }); // the test's own chdb directory
    await deleteTopicsWithPrefix(config.kafka.topicPrefix);
    if (fatal.length > 0) {
      throw new Error(`a stream app failed while the test ran: ${fatal.map(String).join('; ')}`, {
        cause: fatal[0],
      });
    }
  };
  return { config, runtime, baseUrl: `http://127.0.0.1:${port}`, stop };
}

/** Where the app serves `/readyz` and `/metrics`: its operations port, not the API's. */
export function opsUrl(app: RunningApp): string {
  return `http://127.0.0.1:${app.runtime.opsPort}`;
}

export function postUpdate(app: RunningApp, body: unknown, secret = app.config.telegram.webhookSecret) {
  return fetch(`${app.baseUrl}/api/social/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The body of GET /v1/channels/:channel/metrics. */
export interface MetricsBody {
  channel: string;
  granularity: string;
  windows: MetricsWindow[];
}

export async function getJson<T = MetricsBody>(
  app: RunningApp,
  path: string,
  token = app.token,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${app.baseUrl}${path}`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** Calls the API as `token` (or an API key, `key`), with a JSON body when given. */
export async function callApi<T = unknown>(
  app: RunningApp,
  method: string,
  path: string,
  options: { token?: string; key?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(`${app.baseUrl}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.key ? { 'x-api-key': options.key } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : undefined) as T,
    headers: response.headers,
  };
}

export interface TestAccount {
  email: string;
  password: string;
  organizationId: string;
  token: string;
  refreshToken: string;
}

/** Signs up a fresh account (its own organization, as owner) through the API. */
export async function signUp(app: RunningApp, organization = 'Test organization'): Promise<TestAccount> {
  const email = `${uniqueName('user-')}@example.com`;
  const password = 'correct horse battery staple';
  const { status, body } = await callApi<{
    access_token: string;
    refresh_token: string;
    organization_id: string;
  }>(app, 'POST', '/v1/auth/signup', { body: { email, password, organization_name: organization } });
  if (status !== 201) throw new Error(`sign-up answered ${status}: ${JSON.stringify(body)}`);
  return {
    email,
    password,
    organizationId: body.organization_id,
    token: body.access_token,
    refreshToken: body.refresh_token,
  };
}

/**
 * Sets a plan directly in PostgreSQL, for tests of what plans allow (billing, which sets plans
 * from Stripe events, is tested on its own).
 */
export async function setPlan(
  app: RunningApp,
  organizationId: string,
  plan: 'free' | 'pro' | 'enterprise',
): Promise<void> {
  const pool = new Pool({ connectionString: app.config.postgres.url });
  try {
    await pool.query('UPDATE organizations SET plan = $2 WHERE id = $1', [organizationId, plan]);
  } finally {
    await pool.end();
  }
}

/** Signs up, sets the plan, tracks the channels, and makes `getJson` send the account's token. */
export async function useAccount(
  app: RunningApp,
  plan: 'free' | 'pro' | 'enterprise',
  channels: string[],
): Promise<TestAccount> {
  const account = await signUp(app);
  await setPlan(app, account.organizationId, plan);
  for (const channel of channels) {
    const { status } = await callApi(app, 'POST', '/v1/channels', {
      token: account.token,
      body: { channel },
    });
    if (status !== 201) throw new Error(`tracking ${channel} answered ${status}`);
  }
  app.token = account.token;
  return account;
}

/** The `error.code` of a parsed error envelope (`callApi`'s body). */
export const code = (body: unknown) => (body as { error?: { code?: string } } | undefined)?.error?.code;

/** The `error.code` of an error envelope. */
export async function errorCode(response: Response): Promise<string> {
  const body = (await response.json()) as { error?: { code?: string } };
  return body.error?.code ?? '(no error envelope)';
}
