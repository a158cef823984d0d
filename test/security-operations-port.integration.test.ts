import { opsUrl, startApp, type RunningApp } from './support/app';

/**
 * Issue 16, finding 9: `/metrics` (subscription counts by plan, X budgets per organization id) and
 * `/readyz` (the text of every dependency's error) were public on the API port.
 */
describe('operations endpoints off the public port (issue 16, finding 9)', () => {
  let app: RunningApp;
  beforeAll(async () => {
    // An unreachable registry: its check fails, so /readyz has error text to leak.
    app = await startApp({ ROLES: 'api', SCHEMA_REGISTRY_URL: 'http://127.0.0.1:1/apis/ccompat/v7' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('answers neither /metrics nor /readyz on the API port, and /healthz without detail', async () => {
    const metrics = await fetch(`${app.baseUrl}/metrics`);
    const metricsText = await metrics.text();
    expect(metrics.status).toBe(404);
    expect(metricsText).not.toMatch(/social_analytics_/);
    const ready = await fetch(`${app.baseUrl}/readyz`);
    const readyText = await ready.text();
    expect(ready.status).toBe(404);
    expect(readyText).not.toMatch(/schema_registry|fetch failed|ECONNREFUSED/);
    const health = await fetch(`${app.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('serves /healthz, /readyz with each dependency and its error, and /metrics on the operations port', async () => {
    expect(opsUrl(app)).not.toBe(app.baseUrl);
    const ready = await fetch(`${opsUrl(app)}/readyz`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { dependencies: Record<string, { ok: boolean; error?: string }> };
    expect(body.dependencies.schema_registry).toMatchObject({ ok: false, error: expect.any(String) });
    expect(body.dependencies.postgres).toMatchObject({ ok: true });
    const metrics = await (await fetch(`${opsUrl(app)}/metrics`)).text();
    expect(metrics).toMatch(/^social_analytics_/m);
    expect((await fetch(`${opsUrl(app)}/healthz`)).status).toBe(200);
  });

  it('serves no API route on the operations port', async () => {
    expect((await fetch(`${opsUrl(app)}/openapi.json`)).status).toBe(404);
  });
});
