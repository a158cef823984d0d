import { rmSync } from 'node:fs';
import type { Config } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { Runtime } from '../../platform/runtime';
import { isolatedConfig } from './isolation';

export interface RunningApp {
  config: Config;
  runtime: Runtime;
  baseUrl: string;
  stop: () => Promise<void>;
}

/** Starts the whole product in this process against the local stack, isolated by random names. */
export async function startApp(overrides: Record<string, string> = {}): Promise<RunningApp> {
  const config = isolatedConfig(overrides);
  const runtime = new Runtime(config, createLogger(config.logLevel));
  const port = await runtime.start();
  const stop = async () => {
    await runtime.stop();
    rmSync(config.clickhouse.path, { recursive: true, force: true }); // the test's own chdb directory
  };
  return { config, runtime, baseUrl: `http://127.0.0.1:${port}`, stop };
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
  windows: { window_start: string; posts: number }[];
}

export async function getJson<T = MetricsBody>(
  app: RunningApp,
  path: string,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${app.baseUrl}${path}`);
  return { status: response.status, body: (await response.json()) as T };
}

/** The `error.code` of an error envelope. */
export async function errorCode(response: Response): Promise<string> {
  const body = (await response.json()) as { error?: { code?: string } };
  return body.error?.code ?? '(no error envelope)';
}
