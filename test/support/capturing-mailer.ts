import { rmSync } from 'node:fs';
import { Pool } from 'pg';
import type { MailMessage, Mailer } from '../../platform/clients/mail';
import { createLogger } from '../../platform/logger';
import { Runtime } from '../../app/runtime';
import { type RunningApp, callApi } from './app';
import { isolatedConfig } from './isolation';

/** A mailer that keeps every message, so a test reads the token a mail carried. */
export class CapturingMailer implements Mailer {
  readonly sent: MailMessage[] = [];

  async send(message: MailMessage): Promise<void> {
    this.sent.push(message);
  }

  close(): void {}

  /** The newest mail to `to` (emails compared case-insensitively). */
  last(to: string): MailMessage | undefined {
    return this.sent.filter((message) => message.to.toLowerCase() === to.toLowerCase()).at(-1);
  }

  /** The one-time token of the newest mail to `to`. */
  tokenFor(to: string): string | undefined {
    return this.last(to)?.trace?.token;
  }
}

/** `startApp` with a capturing mailer in place of the one config would make. */
export async function startAppWithMailer(
  overrides: Record<string, string> = {},
): Promise<{ app: RunningApp; mailer: CapturingMailer }> {
  const mailer = new CapturingMailer();
  const config = isolatedConfig(overrides);
  const runtime = new Runtime(config, createLogger(config.logLevel), { mailer });
  const port = await runtime.start();
  const stop = async () => {
    await runtime.stop();
    rmSync(config.clickhouse.path, { recursive: true, force: true });
  };
  return { app: { config, runtime, baseUrl: `http://127.0.0.1:${port}`, stop }, mailer };
}

/** What `useAppWithMailer` gives a suite. */
export interface AppWithMailer {
  app: RunningApp;
  mailer: CapturingMailer;
  /** A pool on the app's own database, for what the API does not show. */
  postgres: Pool;
}

/**
 * For the enclosing `describe`: an app with a capturing mailer (`ROLES=api` unless `overrides` say
 * otherwise) and a pool on its database, started in `beforeAll` and stopped in `afterAll`. The
 * fields are set once the suite has started: read them inside tests, not while declaring them.
 */
export function useAppWithMailer(overrides: Record<string, string> = {}): AppWithMailer {
  const suite = {} as AppWithMailer;
  beforeAll(async () => {
    Object.assign(suite, await startAppWithMailer({ ROLES: 'api', ...overrides }));
    suite.postgres = new Pool({ connectionString: suite.app.config.postgres.url });
  });
  afterAll(async () => {
    await suite.postgres?.end();
    await suite.app?.stop();
  });
  return suite;
}

/**
 * Makes `account` a member of `admin`'s organization with `role` the only way there is: `admin`
 * invites its email, and it accepts the mailed token. Needs an app started with `mailer`.
 */
export async function joinByInvitation(
  app: RunningApp,
  mailer: CapturingMailer,
  admin: { token: string },
  account: { email: string; token: string },
  role: 'owner' | 'admin' | 'analyst' | 'viewer',
): Promise<void> {
  const invited = await callApi(app, 'POST', '/v1/organization/invitations', {
    token: admin.token,
    body: { email: account.email, role },
  });
  if (invited.status !== 202) throw new Error(`inviting answered ${invited.status}`);
  const accepted = await callApi(app, 'POST', '/v1/invitations/accept', {
    token: account.token,
    body: { token: mailer.tokenFor(account.email) },
  });
  if (accepted.status !== 200) throw new Error(`accepting answered ${accepted.status}`);
}
