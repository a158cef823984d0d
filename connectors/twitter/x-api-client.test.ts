import { AppError } from '../../platform/errors';
import { type Timing, realTiming } from '../../platform/timing';
import { FakeXApi } from '../../test/support/fake-x-api';
import { SAMPLE_X_ACCOUNTS, sampleXPosts } from '../replay/sample-twitter';
import { XApiClient } from './x-api-client';
import { LONG_TEXT, longPost, quoteOfLongPost, repostOfLongPost } from './long-post.fixture';

/** A clock that moves only when slept on, recording every wait. */
function fakeTiming(): Timing & { slept: number[] } {
  let now = Date.parse('2026-11-25T12:00:00Z');
  const slept: number[] = [];
  return { slept, now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms)) };
}

async function setUp(options: { limit?: number; token?: string } = {}) {
  const timing = fakeTiming();
  const api = new FakeXApi({ limit: options.limit, now: timing.now });
  const root = await api.start();
  const waits: number[] = [];
  const client = new XApiClient({
    apiRoot: root,
    bearerToken: options.token ?? 'test-bearer',
    timing,
    timeoutMs: 300,
    onRateLimitWait: (_, ms) => waits.push(ms),
  });
  const account = SAMPLE_X_ACCOUNTS[0]!;
  for (const post of sampleXPosts(timing.now(), 60)) api.addPost(post);
  return { api, client, timing, waits, account };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: AppError) => error,
  );

describe('XApiClient', () => {
  let api: FakeXApi;
  afterEach(() => api?.close());

  it('reads a timeline page newest first with the post fields, between since_id and until_id', async () => {
    const s = await setUp();
    api = s.api;
    const all = await s.client.userTweets(s.account.id, { max: 100 });
    const ids = all.items.map((item) => BigInt(item.value.id));
    expect(ids).toEqual([...ids].sort((a, b) => (b > a ? 1 : -1)));
    const [newest, , third] = all.items;
    const page = await s.client.userTweets(s.account.id, {
      max: 5,
      sinceId: third!.value.id,
      untilId: newest!.value.id,
    });
    expect(page.items.map((item) => item.value.id)).toEqual([all.items[1]!.value.id]);
    const query = s.api.calls('users/:id/tweets')[1]!;
    expect(query['tweet.fields']).toContain('public_metrics');
    expect(query['tweet.fields']).toContain('created_at');
    expect(JSON.parse(page.items[0]!.json)).toEqual(all.items[1]!.value);
  });

  it('asks for note_tweet and the referenced posts, and answers a page with the originals X included', async () => {
    api = new FakeXApi(); // these three posts only
    const client = new XApiClient({ apiRoot: await api.start(), bearerToken: 'test-bearer' });
    for (const post of [longPost, quoteOfLongPost, repostOfLongPost]) api.addPost(post);
    const page = await client.userTweets(quoteOfLongPost.author_id!, { max: 5 });
    const query = api.calls('users/:id/tweets')[0]!;
    expect(query['tweet.fields']!.split(',')).toContain('note_tweet');
    expect(query.expansions).toBe('referenced_tweets.id');
    expect(page.items.map((item) => item.value.id)).toEqual([repostOfLongPost.id, quoteOfLongPost.id]);
    expect(page.included.map((item) => item.value)).toEqual([longPost]); // once, for both
    expect(page.included[0]!.value.note_tweet?.text).toBe(LONG_TEXT);
    expect(JSON.parse(page.included[0]!.json)).toEqual(longPost);

    const refreshed = await client.posts([longPost.id, quoteOfLongPost.id]);
    expect(refreshed.items.find((item) => item.value.id === longPost.id)?.value.note_tweet?.text).toBe(
      LONG_TEXT,
    );
    expect(refreshed.included.map((item) => item.value.id)).toEqual([longPost.id]);
    expect(api.calls('tweets')[0]).toMatchObject({ expansions: 'referenced_tweets.id' });
  });

  it('waits for the rate-limit window to reset instead of spending a request on a 429', async () => {
    const s = await setUp({ limit: 2 });
    api = s.api;
    for (let i = 0; i < 3; i += 1) await s.client.users([s.account.id]);
    expect(s.api.calls('users')).toHaveLength(3);
    expect(s.waits).toHaveLength(1);
    expect(s.waits[0]).toBeGreaterThan(14 * 60 * 1000); // X's 15-minute window, less the time gone
    expect(s.waits[0]).toBeLessThanOrEqual(15 * 60 * 1000 + 1000);
  });

  it('close() ends a call waiting for its rate-limit window, and one X does not answer, at once', async () => {
    const timing = { now: () => Date.parse('2026-11-25T12:00:00Z'), sleep: realTiming.sleep };
    const fake = new FakeXApi({ limit: 1, now: timing.now });
    api = fake;
    const account = SAMPLE_X_ACCOUNTS[0]!;
    fake.addUser(account);
    const root = await fake.start();
    const client = new XApiClient({ apiRoot: root, bearerToken: 'test-bearer', timing });
    await client.users([account.id]); // the window's one request: the next waits about 15 minutes
    const waiting = failure(client.users([account.id]));
    client.close();
    expect(await waiting).toMatchObject({ code: 'X_UNAVAILABLE', message: expect.stringMatching(/closed/) });

    const hanging = new XApiClient({ apiRoot: root, bearerToken: 'test-bearer', timing: realTiming });
    fake.fail('tweets', 'hang');
    const unanswered = failure(hanging.posts(['1']));
    await new Promise((resolve) => setTimeout(resolve, 50));
    hanging.close();
    expect(await unanswered).toMatchObject({
      code: 'X_UNAVAILABLE',
      message: expect.stringMatching(/closed/),
    });
    await expect(hanging.posts(['1'])).rejects.toMatchObject({ code: 'X_UNAVAILABLE' });
  });

  it('on a 429 waits until the reset X names, then succeeds', async () => {
    const s = await setUp();
    api = s.api;
    s.api.fail('users', 429);
    s.api.addUser(s.account);
    const page = await s.client.users([s.account.id]);
    expect(page.items.map((item) => item.value.id)).toEqual([s.account.id]);
    expect(s.waits).toEqual([expect.any(Number)]);
    expect(s.waits[0]).toBeGreaterThan(14 * 60 * 1000);
    expect(s.timing.slept).toEqual(s.waits);
  });

  it('backs off exponentially through a 5xx burst and gives up after 3 retries with X_UNAVAILABLE', async () => {
    const s = await setUp();
    api = s.api;
    s.api.fail('tweets', 503, 500);
    expect((await s.client.posts(['1'])).items).toEqual([]);
    expect(s.timing.slept).toEqual([1000, 2000]);
    s.api.fail('tweets', 500, 500, 500, 500);
    const error = await failure(s.client.posts(['1']));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'X_UNAVAILABLE', retriable: true });
    expect(s.api.calls('tweets')).toHaveLength(3 + 4);
  });

  it('abandons an attempt that outlives its timeout and retries it', async () => {
    const s = await setUp();
    api = s.api;
    s.api.fail('users', 'hang');
    s.api.addUser(s.account);
    const page = await s.client.users([s.account.id]);
    expect(page.items[0]!.value.public_metrics?.followers_count).toBe(48210);
    expect(s.api.calls('users')).toHaveLength(2);
  });

  it('fails at once with X_REQUEST_REFUSED when X refuses (a wrong token)', async () => {
    const s = await setUp({ token: 'wrong' });
    api = s.api;
    const error = await failure(s.client.users(['1']));
    expect(error).toMatchObject({ code: 'X_REQUEST_REFUSED', details: { status: 401 } });
    expect(s.api.calls('users')).toHaveLength(1);
  });

  it('takes a timeline answered 200 with errors and no data (an unknown account) as a refusal', async () => {
    const s = await setUp();
    api = s.api;
    const error = await failure(s.client.userTweets('999', { max: 5 }));
    expect(error).toMatchObject({ code: 'X_REQUEST_REFUSED' });
    expect(error?.message).toContain('Could not find user');
    expect((await s.client.posts(['999'])).items).toEqual([]); // a lookup's errors name only missing ids
  });

  it('does not sit out a rate limit longer than it may wait', async () => {
    const timing = fakeTiming();
    api = new FakeXApi({ limit: 1, now: timing.now });
    const client = new XApiClient({
      apiRoot: await api.start(),
      bearerToken: 'test-bearer',
      timing,
      maxRateLimitWaitMs: 60_000,
    });
    await client.users(['1']);
    const error = await failure(client.users(['1']));
    expect(error).toMatchObject({ code: 'X_UNAVAILABLE' });
    expect(error?.message).toContain('rate-limited until');
    expect(timing.slept).toEqual([]);
  });
});
