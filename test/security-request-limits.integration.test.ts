import { callApi, startApp, type RunningApp } from './support/app';
import { slowClient, statusOf } from './support/slow-client';

/**
 * Issue 16, finding 9 (requests): JSON bodies were parsed before the rate limiter, and a slowly
 * trickled body held a connection for over 130 s.
 */
describe('request hardening (issue 16, finding 9)', () => {
  let app: RunningApp;
  let port: number;
  beforeAll(async () => {
    // Short deadlines keep the test short; the defaults (10 s headers, 30 s request) behave alike.
    app = await startApp({ ROLES: 'api', HTTP_HEADERS_TIMEOUT_MS: '2000', HTTP_REQUEST_TIMEOUT_MS: '3000' });
    port = Number(new URL(app.baseUrl).port);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('counts a request against the rate limit before parsing its body', async () => {
    // 20 a minute per address on sign-in. Before: every malformed body answered 400 uncounted.
    const codes: string[] = [];
    for (let i = 0; i < 23; i++) {
      const { status, body } = await callApi<{ error: { code: string } }>(app, 'POST', '/v1/auth/login', {
        body: '{"email": ',
      });
      codes.push(`${status} ${body.error.code}`);
    }
    expect(codes.slice(0, 20)).toEqual(Array(20).fill('400 INVALID_JSON'));
    expect(codes.slice(20)).toEqual(Array(3).fill('429 RATE_LIMITED'));
  });

  it('cuts off a body trickled a byte at a time at the request deadline (408)', async () => {
    const result = await slowClient(
      port,
      'POST /v1/auth/signup HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{',
      { giveUpMs: 15_000 },
    );
    expect(result.closedAfterMs).toBeDefined();
    expect(result.closedAfterMs!).toBeLessThan(6000); // 3 s deadline, checked every second
    expect(statusOf(result.answer)).toBe(408);
  }, 20_000);

  it('cuts off headers trickled a byte at a time at the headers deadline', async () => {
    const result = await slowClient(port, 'GET /v1/me HTTP/1.1\r\nHost: localhost\r\nX-Slow: ', {
      giveUpMs: 15_000,
    });
    expect(result.closedAfterMs).toBeDefined();
    expect(result.closedAfterMs!).toBeLessThan(5000); // 2 s deadline, checked every second
  }, 20_000);
});
