import { randomInt } from 'node:crypto';
import { createRedis, type Redis } from '../platform/clients/redis';
import { WINDOW_UPDATES } from '../api/queries/live-updates';
import { type RunningApp, type TestAccount, callApi, startApp, useAccount } from './support/app';

/**
 * Issue 16, finding 5: a `/live` stream was authorized once. After its key was revoked and the
 * channel untracked it kept receiving window events; one key held 40 streams open; streams never
 * ended. Streams now re-check access before each event and end when it ends, are capped per
 * caller and per organization, and end after a maximum lifetime (the client reconnects).
 */
const PER_PRINCIPAL = 3;
const PER_ORGANIZATION = 4;
const MAX_SECONDS = 3;

/** An open SSE stream, read block by block. */
class Stream {
  private buffered = '';
  private readonly decoder = new TextDecoder();
  ended = false;

  constructor(
    readonly status: number,
    private readonly reader: ReadableStreamDefaultReader<Uint8Array> | undefined,
    private readonly abort: AbortController,
  ) {}

  /** The next block (`event:`/`data:`/`retry:` lines, or a comment), or null once the server ends the stream. */
  async next(timeoutMs = 10_000): Promise<string | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = this.buffered.indexOf('\n\n');
      if (end >= 0) {
        const block = this.buffered.slice(0, end);
        this.buffered = this.buffered.slice(end + 2);
        return block;
      }
      if (this.ended || !this.reader) return null;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no block in time');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>(
        (resolve) => (timer = setTimeout(() => resolve('timeout'), left)),
      );
      const read = await Promise.race([this.reader.read(), timeout]).finally(() => clearTimeout(timer));
      if (read === 'timeout') throw new Error('no block in time');
      if (read.done) this.ended = true;
      else this.buffered += this.decoder.decode(read.value, { stream: true });
    }
  }

  /** Every block until the server ends the stream. */
  async rest(): Promise<string[]> {
    const blocks: string[] = [];
    for (let block = await this.next(); block !== null; block = await this.next()) blocks.push(block);
    return blocks;
  }

  /** The next `windows` event's data, skipping comments; null once the stream has ended. */
  async nextWindows(timeoutMs = 10_000): Promise<string | null> {
    for (;;) {
      const block = await this.next(timeoutMs);
      if (block === null) return null;
      if (block.startsWith('event: windows')) return block;
    }
  }

  close(): void {
    this.abort.abort();
  }
}

describe('security: live streams', () => {
  let app: RunningApp;
  let redis: Redis;
  const streams: Stream[] = [];
  beforeAll(async () => {
    app = await startApp({
      ROLES: 'api',
      LIVE_STREAMS_PER_PRINCIPAL: String(PER_PRINCIPAL),
      LIVE_STREAMS_PER_ORGANIZATION: String(PER_ORGANIZATION),
    });
    redis = createRedis(app.config.redis);
    await redis.connect();
  });
  afterEach(() => {
    for (const stream of streams.splice(0)) stream.close();
  });
  afterAll(async () => {
    redis?.disconnect();
    await app?.stop();
  });

  const newChannel = () => `telegram:-100${randomInt(1e9, 9e9)}`;
  const open = async (channel: string, credentials: { token?: string; key?: string }, on = app) => {
    const abort = new AbortController();
    const response = await fetch(`${on.baseUrl}/v1/channels/${channel}/live?granularity=day`, {
      headers: credentials.key
        ? { 'x-api-key': credentials.key }
        : { authorization: `Bearer ${credentials.token}` },
      signal: abort.signal,
    });
    const ok = response.status === 200;
    if (!ok) await response.body?.cancel();
    const stream = new Stream(response.status, ok ? response.body!.getReader() : undefined, abort);
    streams.push(stream);
    return stream;
  };
  /** What a processor does when fresher windows of the channel land. */
  const announce = (channel: string) => redis.publish(WINDOW_UPDATES, JSON.stringify([channel]));
  const newKey = async (account: TestAccount) => {
    const { status, body } = await callApi<{ id: string; key: string }>(app, 'POST', '/v1/api-keys', {
      token: account.token,
      body: { name: 'live', role: 'viewer' },
    });
    expect(status).toBe(201);
    return body;
  };

  it('ends a stream, and sends it nothing more, once its API key is revoked', async () => {
    const channel = newChannel();
    const account = await useAccount(app, 'enterprise', [channel]);
    const key = await newKey(account);
    const stream = await open(channel, { key: key.key });
    expect(stream.status).toBe(200);
    expect(await stream.nextWindows()).not.toBeNull();
    await announce(channel);
    expect(await stream.nextWindows()).not.toBeNull(); // access holds: events flow

    const revoked = await callApi(app, 'DELETE', `/v1/api-keys/${key.id}`, { token: account.token });
    expect(revoked.status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 6_000)); // past any short-lived access cache
    await announce(channel);
    const rest = await stream.rest();
    expect(rest.filter((block) => block.startsWith('event: windows'))).toEqual([]);
    expect(rest.at(-1)).toMatch(/^event: end\ndata: \{"code":"[A-Z_]+"/);
  }, 30_000);

  it('ends a stream once its organization stops tracking the channel', async () => {
    const channel = newChannel();
    const account = await useAccount(app, 'enterprise', [channel]);
    const stream = await open(channel, { token: account.token });
    expect(await stream.nextWindows()).not.toBeNull();
    const untracked = await callApi(app, 'DELETE', `/v1/channels/${channel}`, { token: account.token });
    expect(untracked.status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    await announce(channel);
    expect(await stream.nextWindows()).toBeNull();
  }, 30_000);

  it('caps open streams per caller and per organization with 429, and frees a place when one closes', async () => {
    const channel = newChannel();
    const account = await useAccount(app, 'enterprise', [channel]);
    const [first, second] = [await newKey(account), await newKey(account)];
    for (let i = 0; i < PER_PRINCIPAL; i += 1)
      expect((await open(channel, { key: first.key })).status).toBe(200);
    const overCaller = await open(channel, { key: first.key });
    expect(overCaller.status).toBe(429);
    expect((await open(channel, { key: second.key })).status).toBe(200); // 4 in the organization
    expect((await open(channel, { key: second.key })).status).toBe(429); // over the organization's cap
    expect((await open(channel, { token: account.token })).status).toBe(429);

    streams[0]!.close();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await open(channel, { key: second.key })).status).toBe(200);
  }, 30_000);

  it('keeps a stream open past the waits above while access holds', async () => {
    const channel = newChannel();
    const account = await useAccount(app, 'enterprise', [channel]);
    const stream = await open(channel, { token: account.token });
    expect(await stream.nextWindows()).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    await announce(channel);
    expect(await stream.nextWindows()).not.toBeNull(); // so an ended stream above means access ended
  }, 30_000);
});

describe('security: live stream lifetime', () => {
  let app: RunningApp;
  beforeAll(async () => {
    // An API of its own with a short lifetime (the other tests' streams must outlive their waits).
    app = await startApp({ ROLES: 'api', LIVE_STREAM_MAX_SECONDS: String(MAX_SECONDS) });
  });
  afterAll(() => app?.stop());

  it('tells the client when to reconnect (retry) and ends a stream after its maximum lifetime', async () => {
    const channel = `telegram:-100${randomInt(1e9, 9e9)}`;
    const account = await useAccount(app, 'enterprise', [channel]);
    const abort = new AbortController();
    const response = await fetch(`${app.baseUrl}/v1/channels/${channel}/live?granularity=day`, {
      headers: { authorization: `Bearer ${account.token}` },
      signal: abort.signal,
    });
    const stream = new Stream(response.status, response.body!.getReader(), abort);
    try {
      const started = Date.now();
      const blocks = await stream.rest();
      const lived = Date.now() - started;
      expect(blocks[0]).toMatch(/^retry: \d+$/);
      expect(blocks.at(-1)).toMatch(/reconnect/);
      expect(lived).toBeLessThan((MAX_SECONDS + 2) * 1000);
      expect(lived).toBeGreaterThan(MAX_SECONDS * 800);
    } finally {
      stream.close();
    }
  }, 30_000);
});
