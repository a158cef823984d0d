import express, { type Request, type Response, type Router } from 'express';
import { AppError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { can } from '../auth/permissions';
import { authenticate, type Authenticator, type Principal } from '../auth/principal';
import { type RateLimiter, clientAddress } from './rate-limit';
import { type ApiRoute, SerializedJson } from './route';

export interface MountOptions {
  auth: Authenticator;
  limits: {
    limiter: RateLimiter;
    /** Requests a minute the caller's plan allows. */
    perMinute: (principal: Principal) => Promise<number>;
    /** Requests a minute per client address on public routes (sign-in guessing stops here). */
    anonymousPerMinute: number;
  };
  /** Check every success body against the route's response schema (development and tests). */
  checkResponses: boolean;
  logger: Logger;
}

const json = express.json({ limit: '100kb', type: ['application/json', 'application/*+json'] });

/**
 * Mounts routes in the order given, each behind the same steps: authenticate (unless public),
 * count the request against the caller's rate limit, check the route's permission against the
 * caller's role, read the JSON body, validate path, query and body, run, answer JSON. The body
 * is read last, from a caller already counted and allowed: a flood of bodies, or of malformed
 * ones, is refused by the limit before any is parsed. A caller never reaches a handler it has no permission for, and handlers get the
 * caller's organization from the principal only, never from the request.
 */
export function mountRoutes(routes: ApiRoute[], options: MountOptions): Router {
  const router = express.Router();
  const ids = new Set<string>();
  for (const apiRoute of routes) {
    if (ids.has(apiRoute.id)) throw new AppError('INTERNAL', `two routes share the id ${apiRoute.id}`);
    ids.add(apiRoute.id);
    router[apiRoute.method](apiRoute.path, routeHandler(apiRoute, options));
  }
  // After every route: a path reached with a method it does not have (TRACE included) is a 405.
  for (const [path, methods] of methodsByPath(routes)) router.all(path, methodNotAllowed(methods));
  return router;
}

/** The methods each path has, as an `Allow` header lists them (a GET path answers HEAD too). */
function methodsByPath(routes: ApiRoute[]): Map<string, string[]> {
  const byPath = new Map<string, string[]>();
  for (const { path, method } of routes) {
    const methods = byPath.get(path) ?? [];
    methods.push(...(method === 'get' ? ['GET', 'HEAD'] : [method.toUpperCase()]));
    byPath.set(path, methods);
  }
  return byPath;
}

function methodNotAllowed(methods: string[]): (req: Request, res: Response) => void {
  const allow = methods.join(', ');
  return (req, res) => {
    res.setHeader('Allow', allow);
    throw new AppError('METHOD_NOT_ALLOWED', `${req.path} does not answer ${req.method}`, {
      details: { allow: methods },
    });
  };
}

/** One route's steps after routing: authenticate, limit, authorize, read the body, validate and run, answer. */
export function routeHandler(
  apiRoute: ApiRoute,
  options: MountOptions,
): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    const principal = apiRoute.access === 'public' ? undefined : await authenticate(options.auth, req);
    const { limiter, perMinute, anonymousPerMinute } = options.limits;
    if (principal) await limiter.check(callerKey(principal), await perMinute(principal), res);
    else await limiter.check(`ip:${clientAddress(req)}:${apiRoute.id}`, anonymousPerMinute, res);
    if (principal) authorize(apiRoute, principal);
    if (apiRoute.schemas.body) await readJson(req, res);
    const body = await apiRoute.run({ principal, req, res });
    if (body === undefined) {
      if (!res.headersSent) res.status(apiRoute.status === 200 ? 204 : apiRoute.status).end();
      return;
    }
    if (body instanceof SerializedJson) {
      if (options.checkResponses) checkResponse(apiRoute, JSON.parse(body.json.toString()), options.logger);
      // Written directly: Express's send() would re-measure, re-check freshness and re-hash it.
      res.statusCode = apiRoute.status;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('content-length', body.json.length);
      res.end(body.json);
      return;
    }
    if (options.checkResponses) checkResponse(apiRoute, body, options.logger);
    res.status(apiRoute.status).json(body);
  };
}

/** Express's JSON body parser as a step that resolves once `req.body` is set. */
function readJson(req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    json(req, res, (error?: unknown) => (error ? reject(error) : resolve()));
  });
}

function callerKey(principal: Principal): string {
  return principal.kind === 'user' ? `user:${principal.userId}` : `key:${principal.keyId}`;
}

function authorize(apiRoute: ApiRoute, principal: Principal): void {
  const { access } = apiRoute;
  if (access === 'signed-in' || access === 'public') return;
  if (!can(principal.role, access)) {
    throw new AppError('FORBIDDEN', `the ${principal.role} role may not ${access.replace(':', ' ')}`, {
      details: { permission: access, role: principal.role },
    });
  }
}

function checkResponse(apiRoute: ApiRoute, body: unknown, logger: Logger): void {
  const result = apiRoute.schemas.response?.safeParse(body);
  if (result && !result.success) {
    logger.error({ route: apiRoute.id, issues: result.error.issues }, 'response does not match its schema');
    throw new AppError('INTERNAL', `the response of ${apiRoute.id} does not match its schema`);
  }
}
