import { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, Express, Request, RequestHandler, Response } from 'express';
import { AppError } from '../../platform/errors';
import type { ApiRoute } from './route';

interface FastRoute {
  pattern: RegExp;
  names: string[];
  handle: (req: Request, res: Response) => Promise<void>;
}

export interface FastReadsOptions {
  /** The Express app whose request and response prototypes the handlers expect. */
  app: Express;
  /** The middleware every answer passes in the app (helmet): its headers are set once per answer. */
  headers: RequestHandler;
  onError: ErrorRequestHandler;
}

/**
 * Signed-in JSON reads (`GET`, no body, no stream) dispatched straight from the HTTP server,
 * without walking Express's middleware and route stack: the same route handlers (authenticate,
 * rate limit, authorize, validate, run), the same security headers, the same error envelope, at a
 * fraction of the CPU per request (docs/benchmarks.md). Anything else, including every
 * cross-origin request (CORS stays with Express), a path that does not decode, or a trailing
 * slash, is left to Express, which answers it the long way and identically.
 */
export class FastReads {
  private readonly routes: FastRoute[];
  private readonly headers: [string, string | number | readonly string[]][];

  constructor(
    routes: { apiRoute: ApiRoute; handle: (req: Request, res: Response) => Promise<void> }[],
    private readonly options: FastReadsOptions,
  ) {
    this.routes = routes
      .filter(({ apiRoute }) => isFastRead(apiRoute))
      .map(({ apiRoute, handle }) => ({ ...compile(apiRoute.path), handle }));
    this.headers = recordHeaders(options.headers);
  }

  /** Answers the request and says true, or says false and leaves it to Express. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' || req.headers.origin !== undefined) return false;
    const url = req.url ?? '';
    const end = url.indexOf('?');
    const path = end === -1 ? url : url.slice(0, end);
    for (const route of this.routes) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      const params = decodeParams(route.names, match);
      if (!params) return false;
      const { request, response } = this.asExpress(req, res, params);
      route.handle(request, response).catch((error: unknown) => {
        try {
          this.options.onError(error, request, response, () => undefined);
        } catch {
          response.destroy(); // headers went out already: as Express does, end the connection
        }
      });
      return true;
    }
    return false;
  }

  /**
   * What Express's own entry does to a request: the two linked, the path's parameters. The
   * prototypes are Express's from birth (`expressMessageClasses`); a server made otherwise gets
   * them here.
   */
  private asExpress(req: IncomingMessage, res: ServerResponse, params: Record<string, string>) {
    if ((req as Partial<Request>).app !== this.options.app) {
      Object.setPrototypeOf(req, this.options.app.request);
      Object.setPrototypeOf(res, this.options.app.response);
    }
    const request = req as Request;
    const response = res as Response;
    request.res = response;
    response.req = request;
    response.locals = Object.create(null) as Record<string, unknown>;
    request.params = params;
    request.originalUrl = req.url ?? '';
    request.baseUrl = '';
    for (const [name, value] of this.headers) response.setHeader(name, value);
    response.setHeader('vary', 'Origin'); // as the CORS middleware says on the long way
    return { request, response };
  }
}

/**
 * Node's request and response classes for a server whose requests Express may handle, born with
 * the app's Express prototypes: no request on the fast path has its prototype swapped, which V8
 * does slowly on a live object (7% of a cached read's CPU in the profile).
 */
export function expressMessageClasses(app: Express): {
  IncomingMessage: typeof IncomingMessage;
  ServerResponse: typeof ServerResponse;
} {
  class ExpressRequest extends IncomingMessage {}
  class ExpressResponse extends ServerResponse {}
  // app.request and app.response inherit from IncomingMessage and ServerResponse themselves.
  Object.setPrototypeOf(ExpressRequest.prototype, app.request);
  Object.setPrototypeOf(ExpressResponse.prototype, app.response);
  return { IncomingMessage: ExpressRequest, ServerResponse: ExpressResponse as typeof ServerResponse };
}

function isFastRead(apiRoute: ApiRoute): boolean {
  return (
    apiRoute.method === 'get' &&
    apiRoute.access !== 'public' &&
    apiRoute.produces === undefined &&
    apiRoute.schemas.body === undefined
  );
}

/** `/v1/channels/:channel/metrics` → an anchored pattern with one group per parameter. */
function compile(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split('/')
    .map((part) => {
      if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(part.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { pattern: new RegExp(`^${source}$`, 'i'), names };
}

function decodeParams(names: string[], match: RegExpExecArray): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  try {
    names.forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1]!)));
  } catch {
    return undefined; // malformed escapes: Express answers those
  }
  return params;
}

/** The headers a middleware sets on every answer (helmet's are fixed by its options), recorded once. */
function recordHeaders(middleware: RequestHandler): [string, string | number | readonly string[]][] {
  const headers = new Map<string, string | number | readonly string[]>();
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) =>
      headers.set(name.toLowerCase(), value),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
    getHeader: (name: string) => headers.get(name.toLowerCase()),
  };
  let called = false;
  middleware({ headers: {} } as Request, recorder as unknown as Response, () => (called = true));
  if (!called) throw new AppError('INTERNAL', 'the header middleware did not finish synchronously');
  return [...headers];
}
