import { startApp, type RunningApp } from './support/app';

/**
 * Issue 13 (HTTP details): a body over its route's limit is refused with 413 and the product's
 * error envelope, naming the limit; it used to answer 400 BAD_REQUEST, which tells a sender
 * (Telegram, Stripe, a client) that the request is malformed rather than too big.
 */
describe('request bodies over the limit', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ ROLES: 'api,connectors' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const post = async (path: string, bytes: number, headers: Record<string, string> = {}) => {
    const response = await fetch(`${app.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: `{"pad":"${'x'.repeat(bytes - 10)}"}`,
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  it.each([
    [
      'the Telegram webhook',
      '/api/social/telegram/webhook',
      2 * 1024 * 1024,
      { 'x-telegram-bot-api-secret-token': 'local-webhook-secret' },
    ],
    ['the Stripe webhook', '/api/billing/stripe/webhook', 1024 * 1024, {}],
    ['an API route (JSON)', '/v1/auth/signup', 100 * 1024, {}],
  ])('answers 413 PAYLOAD_TOO_LARGE on %s, with its limit', async (_name, path, limit, headers) => {
    const { status, body } = await post(path, limit + 1, headers);
    expect(status).toBe(413);
    expect(body).toEqual({
      error: {
        code: 'PAYLOAD_TOO_LARGE',
        message: `the request body is larger than ${limit} bytes`,
        details: { limit_bytes: limit },
      },
    });
  });
});
