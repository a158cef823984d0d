import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Metrics } from './metrics';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** What Express leaves on a request it routed: the router's mount path and the route's pattern. */
interface RoutedRequest extends IncomingMessage {
  baseUrl?: string;
  route?: { path?: unknown };
}

/**
 * Observes each request on the public port once its connection is done with it, in
 * `social_analytics_http_request_duration_seconds`. The route label is a pattern, never the path
 * (paths carry channel ids: one series each would be unbounded): the route Express matched, else
 * the first of `patterns` (`/v1/channels/:channel/metrics`; the API's reads answered without
 * Express) the path fits, else `unmatched`. A client gone before its answer counts as `aborted`.
 */
export function requestObserver(
  metrics: Metrics,
  patterns: readonly string[],
): (req: IncomingMessage, res: ServerResponse) => void {
  const compiled = patterns.map((pattern) => ({ pattern, regex: patternRegex(pattern) }));
  const routeOf = (req: RoutedRequest): string => {
    const matched = req.route?.path;
    if (typeof matched === 'string') return `${req.baseUrl ?? ''}${matched}`;
    const path = (req.url ?? '').split('?')[0] ?? '';
    return compiled.find(({ regex }) => regex.test(path))?.pattern ?? 'unmatched';
  };
  return (req, res) => {
    const started = process.hrtime.bigint();
    res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequestSeconds.observe(
        {
          method: METHODS.has(req.method ?? '') ? (req.method as string) : 'other',
          route: routeOf(req),
          status_code: res.writableFinished ? String(res.statusCode) : 'aborted',
        },
        seconds,
      );
    });
  };
}

/** `/v1/channels/:channel/metrics` → a regular expression matching the paths it serves. */
function patternRegex(pattern: string): RegExp {
  const escaped = pattern
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${escaped}$`);
}
