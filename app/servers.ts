import express from 'express';
import helmet from 'helmet';
import type { Server } from 'node:http';
import { expressMessageClasses } from '../api/http/fast-reads';
import { errorHandler, notFound } from '../api/middleware/errors';
import type { ApiRole } from '../api/role';
import type { Config } from '../platform/config';
import { type DependencyCheck, healthRouter, livenessRouter } from '../platform/health';
import { requestObserver } from '../platform/http-metrics';
import { closeHttp, listenHttp } from '../platform/http-server';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import type { Role } from '../platform/role';

/** The two servers every process has, once listening. */
export interface Servers {
  /** The public port: `/healthz` and the routes of the roles that serve any. */
  port: number;
  /** The operations port: `/healthz`, `/readyz`, `/metrics`. */
  opsPort: number;
  close(): Promise<void>;
}

export interface ServersDeps {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  /** The roles that run, in the order their routes are mounted. */
  roles: Role[];
  /** Its hot reads skip Express when it runs. */
  api?: ApiRole;
  /** What `/readyz` checks. */
  checks: Record<string, DependencyCheck>;
}

/**
 * Listens on the public port (security headers, `/healthz`, the roles' routes, one error envelope)
 * and on the operations port; readiness and metrics are never on the public one.
 */
export async function listenServers(deps: ServersDeps): Promise<Servers> {
  const { config } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.http.trustProxy);
  // Helmet's defaults, less the policy's upgrade-insecure-requests: it turns the dashboard's own
  // scripts and styles into https requests, which break a plain-HTTP address (a LAN IP, a port
  // forward). Where TLS is on, HSTS already keeps browsers on https.
  const securityHeaders = helmet({
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
  app.use(securityHeaders);
  app.use(livenessRouter());
  for (const role of deps.roles) if (role.router) app.use(role.router);
  app.use(notFound);
  const onError = errorHandler(deps.logger.child({ component: 'http' }));
  app.use(onError);
  const fastReads = deps.api?.fastReads({ app, headers: securityHeaders, onError });
  const ops = express();
  ops.disable('x-powered-by');
  ops.use(healthRouter(deps.checks, deps.metrics));
  const observe = requestObserver(
    deps.metrics,
    (deps.api?.routes ?? []).map((route) => route.path),
  );
  const { host, port, headersTimeoutMs, requestTimeoutMs } = config.http;
  const [api, operations] = await Promise.all([
    listenHttp(
      { host, port, headersTimeoutMs, requestTimeoutMs },
      (req, res) => {
        observe(req, res);
        if (!fastReads?.handle(req, res)) app(req, res);
      },
      expressMessageClasses(app),
    ),
    listenHttp({ host, port: config.ops.port, headersTimeoutMs, requestTimeoutMs }, ops),
  ]);
  const servers: Server[] = [api.server, operations.server];
  return {
    port: api.port,
    opsPort: operations.port,
    close: async () => {
      await Promise.all(servers.map((server) => closeHttp(server)));
    },
  };
}
