import type { Pool } from 'pg';
import type { Config } from '../platform/config';
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
 * Starts the connectors role's pollers: Telegram member counts always, and X (timelines,
 * searches, followers, metric refreshes) when a bearer token is configured.
 */
export function startPollers(deps: PollerDeps): Pollers {
  const { config } = deps;
  const telegram = new BotApiClient({ botToken: config.telegram.botToken, apiRoot: config.telegram.apiRoot });
  const memberCounts = new MemberCountPoller({
    ...deps,
    client: telegram,
    intervalMs: config.telegram.statsIntervalMs,
    logger: deps.logger.child({ component: 'telegram-member-counts' }),
  });
  memberCounts.start();
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
      await Promise.all([memberCounts.stop(), x?.stop()]);
    },
  };
}
