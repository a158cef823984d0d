import type { Pool } from 'pg';
import type { Config } from '../platform/config';
import { PUBLISHED } from '../platform/production-secrets';
import type { IntakeDeps } from './intake';
import { BotApiClient } from './telegram/bot-api-client';
import { MemberCountPoller } from './telegram/member-count-poller';
import { XApiClient } from './twitter/x-api-client';
import { XPoller } from './twitter/x-poller';

export interface PollerDeps extends IntakeDeps {
  config: Config;
  postgres: Pool;
}

/** The sources we pull from on a schedule; stop() ends rounds in flight and waits for them. */
export interface Pollers {
  stop(): Promise<void>;
}

/**
 * Starts the connectors role's pollers: Telegram member counts unless the bot token is the local
 * placeholder and the API the real one, and X (timelines, searches, followers, metric refreshes)
 * when a bearer token is configured.
 */
export function startPollers(deps: PollerDeps): Pollers {
  const { config } = deps;
  const telegram = new BotApiClient({ botToken: config.telegram.botToken, apiRoot: config.telegram.apiRoot });
  const telegramLogger = deps.logger.child({ component: 'telegram-member-counts' });
  let memberCounts: MemberCountPoller | undefined;
  if (cannotReachTelegram(config)) {
    // The local stack's placeholder token is refused by the real Bot API: every round would fail.
    telegramLogger.info('TELEGRAM_BOT_TOKEN is the local placeholder: member counts are not polled');
  } else {
    memberCounts = new MemberCountPoller({
      ...deps,
      client: telegram,
      intervalMs: config.telegram.statsIntervalMs,
      logger: telegramLogger,
    });
    memberCounts.start();
  }
  const xLogger = deps.logger.child({ component: 'x-poller' });
  let x: XPoller | undefined;
  let xClient: XApiClient | undefined;
  if (config.twitter.bearerToken) {
    xClient = new XApiClient({
      apiRoot: config.twitter.apiRoot,
      bearerToken: config.twitter.bearerToken,
      onRateLimitWait: (endpoint, ms) => deps.metrics.xRateLimitWaitSeconds.inc({ endpoint }, ms / 1000),
    });
    x = new XPoller({
      ...deps,
      client: xClient,
      logger: xLogger,
      intervalMs: config.twitter.pollIntervalMs,
      refreshMaxAgeMs: config.twitter.refreshMaxAgeMs,
      refreshIntervalMs: config.twitter.refreshIntervalMs,
    });
    x.start();
  } else {
    xLogger.info('X_BEARER_TOKEN not set: X accounts and searches are not polled');
  }
  return {
    // Rounds in flight end now: a call to a source that does not answer (or a wait of up to 15
    // minutes for X's rate-limit window) would otherwise hold the stop past its deadline.
    stop: async () => {
      telegram.close();
      xClient?.close();
      await Promise.all([memberCounts?.stop(), x?.stop()]);
    },
  };
}

/** The local placeholder token against the real Bot API: a call that can only fail. */
export function cannotReachTelegram(config: Pick<Config, 'telegram'>): boolean {
  return (
    config.telegram.botToken === PUBLISHED.TELEGRAM_BOT_TOKEN &&
    new URL(config.telegram.apiRoot).hostname === 'api.telegram.org'
  );
}
