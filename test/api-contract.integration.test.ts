import { request } from 'node:http';
import { type RunningApp, callApi, startApp, useAccount, code } from './support/app';
import { requireContractTools, validateOpenApi } from './support/contract-tools';

/** One request through node:http: its status, Allow header and body. */
function rawRequest(url: string, method: string): Promise<{ status?: number; allow?: string; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { method }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode, allow: response.headers.allow, body }));
    })
      .on('error', reject)
      .end();
  });
}

interface OpenApiOperation {
  parameters?: { name: string; schema: Record<string, unknown> }[];
  responses: Record<string, unknown>;
}

describe('the API contract: OpenAPI document, validation and hostile input', () => {
  let app: RunningApp;
  let token: string;
  const channel = 'telegram:-1001777000111';
  beforeAll(async () => {
    app = await startApp({ ROLES: 'api', CORS_ORIGINS: 'https://app.example.com' });
    token = (await useAccount(app, 'free', [channel])).token;
  });
  afterAll(() => app?.stop());

  it('serves an OpenAPI 3.1 document naming every route, its permission and its schemas', async () => {
    const { status, body } = await callApi<{
      openapi: string;
      paths: Record<
        string,
        Record<string, { operationId: string; 'x-permission': string; responses: object }>
      >;
    }>(app, 'GET', '/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const operations = Object.values(body.paths).flatMap((methods) => Object.values(methods));
    expect(operations.map((o) => o.operationId).sort()).toEqual(
      app.runtime.api!.routes.map((r) => r.id).sort(),
    );
    expect(body.paths['/v1/channels/{channel}/metrics']?.get).toMatchObject({
      'x-permission': 'metrics:read',
      parameters: expect.arrayContaining([
        expect.objectContaining({ name: 'channel', in: 'path', required: true }),
        expect.objectContaining({
          name: 'granularity',
          in: 'query',
          schema: expect.objectContaining({ enum: ['minute', 'hour', 'day', 'week', 'month'] }),
        }),
      ]),
    });
    // The sign-in redirect is part of the contract too.
    expect(body.paths['/v1/auth/oidc/start']?.get?.responses).toMatchObject({
      302: { headers: { Location: expect.any(Object) } },
    });
  });

  it('serves a document that a maintained validator accepts as OpenAPI 3.1 (every $ref resolves)', async () => {
    requireContractTools();
    const { body } = await callApi(app, 'GET', '/openapi.json');
    const verdict = await validateOpenApi(body);
    expect(verdict.output.trim().slice(0, 400)).toMatch(/: OK$/); // the start of what is wrong
    expect(verdict.code).toBe(0);
  });

  it('states the rules the server enforces: channel pattern, time zones, event stream, links', async () => {
    const { body } = await callApi<{
      paths: Record<string, Record<string, OpenApiOperation>>;
      components: { schemas: Record<string, unknown> };
    }>(app, 'GET', '/openapi.json');
    const channel = body.paths['/v1/channels/{channel}/posts/top']!.get!.parameters!.find(
      (parameter) => parameter.name === 'channel',
    );
    const pattern = new RegExp(channel!.schema.pattern as string);
    expect(['telegram:-1001234567890', 'twitter:42'].every((key) => pattern.test(key))).toBe(true);
    expect(['telegram:0', 'telegram:01', 'twitter:-1', 'x:1'].some((key) => pattern.test(key))).toBe(false);
    const zone = body.paths['/v1/channels/{channel}/activity/hour-of-week']!.get!.parameters!.find(
      (parameter) => parameter.name === 'time_zone',
    );
    expect(zone!.schema.enum).toEqual(expect.arrayContaining(['UTC', 'Europe/Berlin', 'Asia/Tokyo']));
    const stream = body.paths['/v1/channels/{channel}/live']!.get!.responses['200'] as {
      content: Record<string, { schema: { oneOf: { properties: { event: { const: string } } }[] } }>;
    };
    expect(stream.content['text/event-stream']!.schema.oneOf.map((e) => e.properties.event.const)).toEqual([
      'windows',
      'anomaly',
      'end',
    ]);
    expect(Object.keys(body.components.schemas)).toEqual(
      expect.arrayContaining(['Error', 'TokenPair', 'ChannelMetrics', 'Post']),
    );
    expect(JSON.stringify(body)).not.toContain('#/$defs/');
  });

  it('answers 405 with Allow to a method a path does not have, TRACE included', async () => {
    // fetch refuses to send TRACE: node:http sends anything.
    for (const method of ['TRACE', 'PUT', 'PATCH']) {
      const answer = await rawRequest(`${app.baseUrl}/v1/channels`, method);
      expect([answer.status, answer.allow]).toEqual([405, 'GET, HEAD, POST']);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
    }
    const get = await fetch(`${app.baseUrl}/v1/channels/${channel}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'DELETE']);
  });

  it.each([
    ['SQL in the channel', `/v1/channels/${encodeURIComponent("telegram:1' OR '1'='1")}/metrics`],
    [
      'SQL in a parameter',
      `/v1/channels/${channel}/metrics?granularity=${encodeURIComponent("day'; DROP TABLE channel_metrics; --")}`,
    ],
    ['an unknown parameter', `/v1/channels/${channel}/metrics?granularity=day&limit=5`],
    ['a date that is no date', `/v1/channels/${channel}/metrics?from=yesterday`],
    [
      'a range too long',
      `/v1/channels/${channel}/metrics?granularity=day&from=1990-01-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
    ],
    [
      'a range backwards',
      `/v1/channels/${channel}/metrics?granularity=day&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z`,
    ],
  ])('answers 400 VALIDATION_FAILED to %s, before any query runs', async (_, path) => {
    const { status, body } = await callApi(app, 'GET', path, { token });
    expect([status, code(body)]).toEqual([400, 'VALIDATION_FAILED']);
    expect(JSON.stringify(body)).not.toMatch(/SELECT|channel_metrics FINAL|stack/i);
  });

  it.each([
    ['a wrong type', { channel: 12345 }, 'VALIDATION_FAILED'],
    ['an unknown field', { channel: 'telegram:-100123', admin: true }, 'VALIDATION_FAILED'],
    ['no body', undefined, 'VALIDATION_FAILED'],
    ['a body that is not JSON', '{"channel": ', 'INVALID_JSON'],
  ])('answers 400 to a body with %s', async (_, body, expected) => {
    const answer = await callApi(app, 'POST', '/v1/channels', {
      token,
      body,
      headers: body === undefined ? { 'content-type': 'application/json' } : {},
    });
    expect([answer.status, code(answer.body)]).toEqual([400, expected]);
  });

  it('holds the Free plan to its limits with 402 naming the plan that allows more', async () => {
    const hourly = await callApi(app, 'GET', `/v1/channels/${channel}/metrics?granularity=hour`, { token });
    expect(hourly.status).toBe(402);
    expect(hourly.body).toMatchObject({
      error: { code: 'PLAN_UPGRADE_REQUIRED', details: { plan: 'free', required_plan: 'pro' } },
    });
    const old = await callApi(
      app,
      'GET',
      `/v1/channels/${channel}/metrics?granularity=day&from=${new Date(Date.now() - 60 * 86_400_000).toISOString()}`,
      { token },
    );
    expect([old.status, code(old.body)]).toEqual([402, 'PLAN_UPGRADE_REQUIRED']);
    for (const extra of ['telegram:-1001777000112', 'twitter:1777000113']) {
      expect((await callApi(app, 'POST', '/v1/channels', { token, body: { channel: extra } })).status).toBe(
        201,
      );
    }
    const fourth = await callApi(app, 'POST', '/v1/channels', {
      token,
      body: { channel: 'telegram:-1001777000114' },
    });
    expect(fourth.status).toBe(402);
    expect(fourth.body).toMatchObject({ error: { details: { required_plan: 'pro' } } });
  });

  it('answers daily metrics with an ETag, and 304 when the client has them already', async () => {
    const first = await callApi(app, 'GET', `/v1/channels/${channel}/metrics?granularity=day`, { token });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(first.headers.get('cache-control')).toContain('private');
    const again = await fetch(`${app.baseUrl}/v1/channels/${channel}/metrics?granularity=day`, {
      headers: { authorization: `Bearer ${token}`, 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
  });

  it('sends security headers on every answer', async () => {
    const response = await fetch(`${app.baseUrl}/v1/me`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toContain('max-age');
    expect(response.headers.get('x-powered-by')).toBeNull();
    // The dashboard loads its scripts from its own origin, over plain HTTP too (a LAN address).
    const policy = response.headers.get('content-security-policy');
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('upgrade-insecure-requests');
  });

  it('answers a signed-in read the same on the fast path and through Express', async () => {
    // No Origin: dispatched by FastReads. With one: CORS, so Express's whole stack. A trailing
    // slash or an error answer must not differ either.
    const variants = async (path: string) =>
      Promise.all(
        ([{}, { origin: 'https://app.example.com' }] as Record<string, string>[]).map(async (extra) => {
          const response = await fetch(`${app.baseUrl}${path}`, {
            headers: { authorization: `Bearer ${token}`, ...extra },
          });
          const headers = Object.fromEntries(
            [...response.headers].filter(
              ([name]) => !/^(date|ratelimit-|access-control-|keep-alive|connection)/.test(name),
            ),
          );
          return { status: response.status, headers, body: await response.text() };
        }),
      );
    for (const path of [
      `/v1/channels/${channel}/metrics?granularity=day&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z`,
      `/v1/channels/${channel}/metrics?granularity=minute`,
      '/v1/channels/telegram:-1009999999999/posts/top',
      '/v1/me',
    ]) {
      const [fast, express] = await variants(path);
      expect(fast).toEqual(express);
    }
    const [withOrigin] = await Promise.all([
      fetch(`${app.baseUrl}/v1/me`, {
        headers: { authorization: `Bearer ${token}`, origin: 'https://app.example.com' },
      }),
    ]);
    expect(withOrigin.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
  });
});
