import express from 'express';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../platform/logger';
import { errorHandler, notFound } from '../middleware/errors';
import { dashboardDirectory, dashboardRouter } from './dashboard';

/** A server like the api role's: the dashboard after the API's routes, then the JSON 404. */
async function serve(directory: string | null) {
  const app = express();
  app.use(dashboardRouter(directory));
  app.use(notFound);
  app.use(errorHandler(createLogger('silent')));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = (path: string, accept = 'text/html,application/xhtml+xml,*/*;q=0.8') =>
    fetch(`${base}${path}`, { headers: { accept } });
  return { get, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('the dashboard at /', () => {
  let built: string;
  let server: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    built = mkdtempSync(join(tmpdir(), 'dashboard-'));
    mkdirSync(join(built, 'assets'));
    writeFileSync(join(built, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(built, 'assets', 'app-ABC123.js'), 'console.log(1)');
    server = await serve(built);
  });
  afterAll(async () => {
    await server.close();
    rmSync(built, { recursive: true, force: true });
  });

  it('serves index.html at / without caching, whatever the client accepts', async () => {
    const response = await server.get('/', '*/*');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('<title>app</title>');
  });

  it('caches hashed assets for a year', async () => {
    const response = await server.get('/assets/app-ABC123.js', '*/*');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('answers a deep link a browser navigates to with the page', async () => {
    const response = await server.get('/channels/telegram:-100123');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>app</title>');
  });

  it.each([
    '/v1/nowhere',
    '/openapi.json',
    '/api/social/telegram/webhook',
    '/healthz',
    '/assets/app-MISSING.js',
  ])('leaves %s to the API: a JSON 404 even for a browser', async (path) => {
    const response = await server.get(path);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('answers an unknown path with the JSON 404 when the client does not ask for HTML', async () => {
    const response = await server.get('/nowhere', 'application/json');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});

describe('the dashboard before a build', () => {
  it('finds no directory without an index.html', () => {
    expect(dashboardDirectory([join(tmpdir(), 'no-such-dashboard')])).toBeUndefined();
  });

  it('answers a page that says how to build it, and leaves API paths to the API', async () => {
    const server = await serve(null);
    try {
      const page = await server.get('/');
      expect(page.status).toBe(503);
      expect(await page.text()).toContain('npm run build');
      const api = await server.get('/v1/nowhere');
      expect(api.status).toBe(404);
      expect(await api.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    } finally {
      await server.close();
    }
  });
});
