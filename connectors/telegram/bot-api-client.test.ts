import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../platform/errors';
import { BotApiClient } from './bot-api-client';
import type { Timing } from '../../platform/timing';
import { RateLimiter } from './rate-limiter';

type Answer = { status: number; body: unknown } | 'hang';

/** A local Bot API that answers each call with the next scripted answer, in Telegram's format. */
async function scriptedBotApi(answers: Answer[]) {
  const calls: string[] = [];
  const server: Server = createServer((req, res) => {
    calls.push(req.url ?? '');
    const answer = answers.shift() ?? { status: 200, body: { ok: true, result: 0 } };
    req.resume();
    if (answer === 'hang') return;
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => {
    server.closeAllConnections();
    server.close();
  };
  return { root, calls, close };
}

/** A clock that moves only when slept on, recording every wait. */
function fakeTiming(): Timing & { slept: number[] } {
  let now = 1_000_000;
  const slept: number[] = [];
  return { slept, now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms)) };
}

const ok = (result: unknown): Answer => ({ status: 200, body: { ok: true, result } });
const error = (status: number, description: string, parameters?: object): Answer => ({
  status,
  body: { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) },
});

describe('BotApiClient', () => {
  it('waits exactly retry_after when Telegram answers 429, then succeeds', async () => {
    const api = await scriptedBotApi([
      error(429, 'Too Many Requests: retry after 7', { retry_after: 7 }),
      ok(1234),
    ]);
    const timing = fakeTiming();
    const client = new BotApiClient({ botToken: '1:t', apiRoot: api.root, timing });
    try {
      expect(await client.getChatMemberCount(-1001)).toBe(1234);
      expect(timing.slept).toEqual([7000]);
      expect(api.calls).toEqual(['/bot1:t/getChatMembersCount', '/bot1:t/getChatMembersCount']);
    } finally {
      api.close();
    }
  });

  it('backs off exponentially through a burst of 5xx answers', async () => {
    const api = await scriptedBotApi([error(502, 'Bad Gateway'), error(500, 'Internal'), ok(5)]);
    const timing = fakeTiming();
    const client = new BotApiClient({ botToken: '1:t', apiRoot: api.root, timing });
    try {
      expect(await client.getChatMemberCount(-1001)).toBe(5);
      expect(timing.slept).toEqual([500, 1000]);
    } finally {
      api.close();
    }
  });

  it('gives up after 3 retries with TELEGRAM_UNAVAILABLE, and at once on a refusal', async () => {
    const api = await scriptedBotApi([
      ...Array(4).fill(error(503, 'Unavailable')),
      error(400, 'Bad Request: chat not found'),
    ]);
    const timing = fakeTiming();
    const client = new BotApiClient({ botToken: '1:t', apiRoot: api.root, timing });
    try {
      await expect(client.getChatMemberCount(-1001)).rejects.toMatchObject({ code: 'TELEGRAM_UNAVAILABLE' });
      expect(api.calls).toHaveLength(4);
      const refused = await client.getChatMemberCount(-1002).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).code).toBe('TELEGRAM_REQUEST_REFUSED');
      expect(api.calls).toHaveLength(5);
    } finally {
      api.close();
    }
  });

  it('abandons an attempt that outlives its timeout and retries it', async () => {
    const api = await scriptedBotApi(['hang', ok(9)]);
    const client = new BotApiClient({
      botToken: '1:t',
      apiRoot: api.root,
      timing: fakeTiming(),
      timeoutMs: 200,
    });
    try {
      expect(await client.getChatMemberCount(-1001)).toBe(9);
      expect(api.calls).toHaveLength(2);
    } finally {
      api.close();
    }
  });
});

describe('BotApiClient.close', () => {
  it('ends a call Telegram does not answer at once, and refuses later ones', async () => {
    const api = await scriptedBotApi(['hang']);
    const client = new BotApiClient({ botToken: '1:t', apiRoot: api.root, timeoutMs: 30_000 });
    try {
      const unanswered = client.getChatMemberCount(-1001).catch((error: AppError) => error);
      await new Promise((resolve) => setTimeout(resolve, 50));
      client.close();
      expect(await unanswered).toMatchObject({
        code: 'TELEGRAM_UNAVAILABLE',
        message: expect.stringMatching(/closed/),
      });
      await expect(client.getChatMemberCount(-1001)).rejects.toMatchObject({ code: 'TELEGRAM_UNAVAILABLE' });
      expect(api.calls).toHaveLength(1);
    } finally {
      api.close();
    }
  });
});

describe('RateLimiter', () => {
  it('starts at most 30 calls in any rolling second, in order', async () => {
    const timing = fakeTiming();
    const limiter = new RateLimiter(30, timing);
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 95 }, () => limiter.acquire().then(() => starts.push(timing.now()))),
    );
    expect(starts).toHaveLength(95);
    for (let i = 0; i + 30 < starts.length; i += 1)
      expect(starts[i + 30]! - starts[i]!).toBeGreaterThanOrEqual(1000);
    expect(starts[94]! - starts[0]!).toBe(3000);
  });
});
