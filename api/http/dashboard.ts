import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Paths the dashboard never answers: the API, the webhooks (`/api/...`), the contract and the probes keep their
 * own answers (a JSON 404 included) whatever the request accepts.
 */
const NOT_DASHBOARD = /^\/(v1|api|assets|openapi\.json|healthz|readyz|metrics)(\/|$)/;

/** A year: assets are named by their content hash, so a changed file is a new URL. */
const ASSET_MAX_AGE_MS = 365 * 86_400_000;

/**
 * Where `npm run build` writes the dashboard, seen from this file: `dist/api/http/` when the
 * compiled server runs, `api/http/` when the sources run (tsx, ts-jest), whose build sits in
 * `dist/dashboard` at the root.
 */
export function dashboardDirectory(
  candidates = [resolve(__dirname, '../../dashboard'), resolve(__dirname, '../../dist/dashboard')],
): string | undefined {
  return candidates.find((directory) => existsSync(join(directory, 'index.html')));
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dashboard not built</title></head>
<body><main><h1>The dashboard is not built</h1>
<p>Run <code>npm run build</code>, then reload. The API answers under <code>/v1</code> meanwhile.</p></main></body></html>`;

/**
 * The browser dashboard at `/`: hashed assets under `/assets` cached for a year, `index.html`
 * never cached (it names the current assets), and the page for any other GET of a path that is not
 * the API's when the client accepts HTML, so a reload of a deep link shows the app. Without a
 * build (`null`: sources run in tests), the same paths answer 503 with a page saying how to build it.
 */
export function dashboardRouter(directory: string | null = dashboardDirectory() ?? null): Router {
  const router = express.Router();
  if (directory) {
    router.use(
      '/assets',
      express.static(join(directory, 'assets'), {
        immutable: true,
        maxAge: ASSET_MAX_AGE_MS,
        index: false,
      }),
    );
  }
  router.get(/.*/, (req: Request, res: Response, next: NextFunction) => {
    if (!wantsPage(req)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    if (!directory) return void res.status(503).type('html').send(NOT_BUILT);
    // cacheControl false: sendFile would replace no-cache with its own max-age=0.
    res.sendFile(join(directory, 'index.html'), { cacheControl: false }, (error?: Error) => {
      if (error) next(error);
    });
  });
  return router;
}

/**
 * `/` always, any other path only when the client asks for HTML by name (a browser navigating), so
 * `curl` and API clients asking for an unknown path still get the JSON 404.
 */
function wantsPage(req: Request): boolean {
  if (NOT_DASHBOARD.test(req.path)) return false;
  return req.path === '/' || (req.headers.accept ?? '').includes('text/html');
}
