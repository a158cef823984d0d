import cors from 'cors';
import express, { type Request, type Response, type Router } from 'express';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { type ClickHouseClient, clickhouseConcurrency } from '../platform/clients/clickhouse';
import type { Config } from '../platform/config';
import type { Mailer } from '../platform/clients/mail';
import { createStripe } from '../platform/clients/stripe';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import { AccessTokens } from './auth/access-tokens';
import { Accounts } from './auth/accounts';
import { ApiKeys } from './auth/api-keys';
import { FailedAttempts } from './auth/failed-attempts';
import { MembershipRoles } from './auth/membership-roles';
import { OidcSignIn } from './auth/oidc/oidc-sign-in';
import { PasswordAccounts } from './auth/password-accounts';
import { passwordRoutes } from './auth/password-routes';
import { authRoutes } from './auth/routes';
import { SignInLimiter } from './auth/sign-in-limiter';
import { SessionCache } from './auth/session-cache';
import { Sessions, sessionChangesChannel } from './auth/sessions';
import { registerBillingGauges } from './billing/billing-metrics';
import { PLANS } from '../billing/plans';
import { billingRoutes } from './billing/routes';
import { authenticate } from './auth/principal';
import { type MountOptions, mountRoutes, routeHandler } from './http/mount';
import { RateLimiter } from './http/rate-limit';
import { openApiDocument } from './http/openapi';
import { dashboardRouter } from './http/dashboard';
import type { ApiRoute } from './http/route';
import { invitationRoutes } from './organizations/invitation-routes';
import { Invitations } from './organizations/invitations';
import { Members } from './organizations/members';
import { Organizations } from './organizations/organizations';
import { organizationRoutes } from './organizations/routes';
import type { MetricsCache } from './queries/metrics-cache';
import { contentRoutes } from './queries/content-routes';
import { groupRoutes } from './queries/group-routes';
import { analyticsRoutes } from './queries/analytics-routes';
import { exportRoute } from './queries/export-route';
import { liveRoute } from './queries/live-route';
import { LiveSlots } from './queries/live-slots';
import { LiveUpdates } from './queries/live-updates';
import { ChannelMetricsReader, clickhouseMetricsQueries } from './queries/metrics-reader';
import { queryRoutes } from './queries/routes';
import type { RawPayloadArchive } from './queries/raw-post-queries';
import { rawPostRoute } from './queries/raw-post-route';
import { searchRoutes } from './queries/search-route';
import { telegramConnectRoute } from './queries/telegram-connect-route';
import { TrackedChannels } from './queries/tracked-channels';

export interface ApiDeps {
  config: Config;
  postgres: Pool;
  redis: Redis;
  clickhouse: ClickHouseClient;
  cache: MetricsCache;
  /** Account mail (invitations, password resets). */
  mailer: Mailer;
  /** The lake's raw archive: posts' original payloads once ClickHouse no longer keeps them. */
  lake: RawPayloadArchive;
  metrics: Metrics;
  logger: Logger;
}

export interface Api {
  router: Router;
  /** Every route, in mount order: the OpenAPI document and the authorization tests read this. */
  routes: ApiRoute[];
  /** Every route's handler after routing, for `FastReads` (the server's dispatch of hot reads). */
  handlers: { apiRoute: ApiRoute; handle: (req: Request, res: Response) => Promise<void> }[];
  /** Ends open live streams and the live-updates subscription, so the HTTP server can close. */
  stop: () => void;
}

/** The API role's HTTP surface: every route with its contract, `/openapi.json`, CORS from config. */
export function buildApi(deps: ApiDeps): Api {
  const { config, postgres } = deps;
  const tokens = new AccessTokens(config.auth.signingKeys, config.auth.accessTokenTtlSeconds);
  // Prefixed like the topics, so environments sharing a Redis never share sessions.
  const authPrefix = `${config.kafka.topicPrefix}auth:`;
  // Live sessions trusted 5 s per process; changes announced on pub/sub drop them on every replica.
  const sessionCache = new SessionCache(
    deps.redis.duplicate(),
    sessionChangesChannel(authPrefix),
    deps.logger.child({ component: 'session-cache' }),
  );
  sessionCache
    .start()
    .catch((error: Error) =>
      deps.logger.warn(
        { err: error.message },
        'session announcements not subscribed; sessions read from Redis',
      ),
    );
  const sessions = new Sessions(deps.redis, authPrefix, config.auth.refreshTokenTtlSeconds, sessionCache);
  const oidc = config.oidc && new OidcSignIn(config.oidc, deps.redis, authPrefix);
  const limiter = new SignInLimiter(deps.redis, authPrefix);
  const apiKeys = new ApiKeys(postgres);
  const roles = new MembershipRoles(postgres);
  // Role changes and removals reach the member's sessions on their next request (issue 16).
  const members = new Members(postgres, {
    announce: (organizationId, userId, version) =>
      sessions.announceMembershipChange(organizationId, userId, version),
    removed: async (client, organizationId, userId) => {
      await apiKeys.revokeCreatedBy(client, organizationId, userId);
      await sessions.revokeSessionsInOrganization(userId, organizationId);
    },
  });
  const organizations = new Organizations(postgres);
  const metricsDeps = {
    clickhouse: deps.clickhouse,
    database: config.clickhouse.database,
    cache: deps.cache,
    metrics: new ChannelMetricsReader(clickhouseMetricsQueries(deps.clickhouse, config.clickhouse.database), {
      maxInFlight: clickhouseConcurrency(config.clickhouse),
      onQuery: (questions) => deps.metrics.metricsQueryQuestions.observe(questions),
    }),
    channels: new TrackedChannels(postgres),
  };
  // Subscribing takes a connection of its own.
  const live = new LiveUpdates(
    deps.redis.duplicate(),
    deps.logger.child({ component: 'live-updates' }),
    (channels) => deps.cache.forgetRecent(channels),
  );
  // Subscribed from the start, so this process's recent answers hear of fresh data from any replica.
  live
    .start()
    .catch((error: Error) =>
      deps.logger.warn({ err: error.message }, 'live updates not subscribed yet; the first stream retries'),
    );
  // Secure always in production; in development and tests only over HTTPS (plain-HTTP localhost).
  const browser = {
    alwaysSecure: config.env === 'production',
    maxAgeSeconds: config.auth.refreshTokenTtlSeconds,
  };
  const routes = [
    ...authRoutes({
      accounts: new Accounts(postgres),
      tokens,
      sessions,
      roles,
      limiter,
      oidc,
      browser,
    }),
    ...passwordRoutes({
      passwords: new PasswordAccounts(postgres),
      sessions,
      limiter,
      mailer: deps.mailer,
      appUrl: config.mail.appUrl,
      redis: deps.redis,
      prefix: authPrefix,
      logger: deps.logger.child({ component: 'password-reset' }),
    }),
    ...organizationRoutes({ organizations, members, apiKeys }),
    ...invitationRoutes({
      invitations: new Invitations(postgres),
      tokens,
      sessions,
      browser,
      mailer: deps.mailer,
      appUrl: config.mail.appUrl,
    }),
    ...billingRoutes({
      stripe: createStripe(config.stripe),
      postgres,
      organizations,
      prices: config.stripe.prices,
    }),
    ...queryRoutes(metricsDeps),
    liveRoute({
      ...metricsDeps,
      live,
      // Streams check access again with the request's own credentials, as a new request would.
      authenticate: (req) => authenticate(mountOptions.auth, req),
      slots: new LiveSlots(
        deps.redis,
        config.kafka.topicPrefix,
        {
          perPrincipal: config.live.streamsPerPrincipal,
          perOrganization: config.live.streamsPerOrganization,
        },
        deps.logger.child({ component: 'live-slots' }),
      ),
      maxStreamMs: config.live.maxStreamMs,
    }),
    ...contentRoutes(metricsDeps),
    // After the content routes: `posts/top` and `posts/search` are theirs, not a post id.
    rawPostRoute({ ...metricsDeps, lake: deps.lake }),
    ...groupRoutes(metricsDeps),
    ...analyticsRoutes(metricsDeps),
    ...searchRoutes(metricsDeps),
    exportRoute(metricsDeps),
    telegramConnectRoute({ postgres }),
  ];
  const document = openApiDocument(routes, '1.0.0');
  registerBillingGauges(deps.metrics.registry, postgres);
  const router = express.Router();
  router.use(
    ['/v1', '/openapi.json'],
    cors({
      origin: config.corsOrigins,
      exposedHeaders: ['ETag', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
    }),
  );
  router.get('/openapi.json', (_req, res) => void res.json(document));
  const mountOptions: MountOptions = {
    auth: {
      tokens,
      sessions,
      apiKeys,
      roles,
      // 30 failed API keys or tokens per address in 10 minutes, then 429 until the window ends.
      failures: new FailedAttempts({
        redis: deps.redis,
        prefix: authPrefix,
        limit: 30,
        windowSeconds: 600,
        logger: deps.logger.child({ component: 'failed-attempts' }),
      }),
    },
    limits: {
      limiter: new RateLimiter({
        redis: deps.redis,
        prefix: config.kafka.topicPrefix,
        windowSeconds: 60,
        logger: deps.logger.child({ component: 'rate-limit' }),
      }),
      perMinute: async (principal) =>
        PLANS[await organizations.recentPlan(principal.organizationId)].requestsPerMinute,
      anonymousPerMinute: 20,
    },
    checkResponses: config.http.checkResponses,
    logger: deps.logger.child({ component: 'api' }),
  };
  router.use(mountRoutes(routes, mountOptions));
  // After every route: the dashboard's page and assets never shadow the API (docs/dashboard.md).
  router.use(dashboardRouter());
  const handlers = routes.map((apiRoute) => ({ apiRoute, handle: routeHandler(apiRoute, mountOptions) }));
  const stop = () => {
    live.stop();
    sessionCache.stop();
  };
  return { router, routes, handlers, stop };
}
