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

/** The sources we pull from on a schedule; stop() waits for rounds in flight. */
export interface Pollers {
  stop(): Promise<void>;
}

/**
 * Starts the connectors role's pollers: Telegram member counts always, and X (timelines,
 * searches, followers, metric refreshes) when a bearer token is configured.
 */
export function startPollers(deps: PollerDeps): Pollers {
  const { config } = deps;
  const memberCounts = new MemberCountPoller({
    ...deps,
    client: new BotApiClient({ botToken: config.telegram.botToken, apiRoot: config.telegram.apiRoot }),
    intervalMs: config.telegram.statsIntervalMs,
    logger: deps.logger.child({ component: 'telegram-member-counts' }),
  });
  memberCounts.start();
  const xLogger = deps.logger.child({ component: 'x-poller' });
  let x: XPoller | undefined;
  if (config.twitter.bearerToken) {
    x = new XPoller({
      ...deps,
      client: new XApiClient({
        apiRoot: config.twitter.apiRoot,
        bearerToken: config.twitter.bearerToken,
        onRateLimitWait: (endpoint, ms) => deps.metrics.xRateLimitWaitSeconds.inc({ endpoint }, ms / 1000),
      }),
      logger: xLogger,
      intervalMs: config.twitter.pollIntervalMs,
      monthlyReadBudget: config.twitter.monthlyReadBudget,
      refreshMaxAgeMs: config.twitter.refreshMaxAgeMs,
      refreshIntervalMs: config.twitter.refreshIntervalMs,
    });
    x.start();
  } else {
    xLogger.info('X_BEARER_TOKEN not set: X accounts and searches are not polled');
  }
  return {
    stop: async () => {
      await Promise.all([memberCounts.stop(), x?.stop()]);
    },
  };
}
