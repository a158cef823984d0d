import { isDeepStrictEqual } from 'node:util';
import { openIntake } from '../connectors/intake';
import { produceChannelStats } from '../connectors/kafka/channel-stats';
import { forecast } from '../api/queries/forecast';
import { createLogger } from '../platform/logger';
import {
  type RunningApp,
  type TestAccount,
  callApi,
  opsUrl,
  postUpdate,
  startApp,
  useAccount,
} from './support/app';
import { eventually } from './support/eventually';

/**
 * Engagement rate, growth forecast, anomalies and comparison end to end: audience samples and
 * channel posts through Kafka and the processors into ClickHouse, the API's answers equal to the
 * numbers computed here from what was sent.
 */
const DAY = 86_400_000;
const HOUR = 3_600_000;
const TODAY = Math.floor(Date.now() / DAY) * DAY;
const FIRST = TODAY - 24 * DAY;
const base = -1_001_700_000_000 - Math.floor(Math.random() * 1e6) * 10;
const [STEADY, SPIKED, YOUNG] = [base, base - 1, base - 2];
const key = (chat: number) => `telegram:${chat}`;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const seconds = (ms: number) => Math.floor(ms / 1000);
const NOISE = [3, -2, 1, 0, -1, 2, -3];

/** One sample a day at noon: a steady +20 a day with a little noise; the spiked one gains 600 on day 20. */
function audience(chat: number, days: number): { at: number; count: number }[] {
  return Array.from({ length: days }, (_, d) => ({
    at: TODAY - (days - 1 - d) * DAY - 12 * HOUR,
    count: 5000 + 20 * d + NOISE[d % 7]! + (chat === SPIKED && d >= 20 ? 600 : 0),
  }));
}
const samples = {
  [STEADY]: audience(STEADY, 25),
  [SPIKED]: audience(SPIKED, 25),
  [YOUNG]: audience(YOUNG, 3),
};

const chat = { id: STEADY, title: 'Analytics test', username: `analytics_${-STEADY % 1e6}`, type: 'channel' };
const POSTS = [
  {
    id: 1,
    at: TODAY - 2 * DAY - 8 * HOUR,
    reactions: [
      [TODAY - 2 * DAY - 7 * HOUR, 40],
      [TODAY - DAY + HOUR, 65],
    ],
  },
  { id: 2, at: TODAY - DAY + 2 * HOUR, reactions: [[TODAY - DAY + 3 * HOUR, 12]] },
  { id: 3, at: TODAY - DAY + 5 * HOUR, reactions: [] },
] as const;

/** The last sample at or before `at` (the audience then), null before the first. */
const audienceAt = (chatId: number, at: number) =>
  samples[chatId]!.filter((s) => s.at <= at).at(-1)?.count ?? null;
const rate = (interactions: number, of: number | null) =>
  of === null ? null : Math.round((interactions / of) * 10_000) / 100;

describe('analytics: engagement rate, forecast, anomalies, comparison', () => {
  let app: RunningApp;
  let account: TestAccount;
  const get = <T>(path: string) => callApi<T>(app, 'GET', path, { token: account.token });

  beforeAll(async () => {
    app = await startApp();
    account = await useAccount(app, 'pro', [key(STEADY), key(SPIKED), key(YOUNG)]);
    const intake = openIntake(app.config, createLogger('error'));
    try {
      // Samples first and in time order: the audience windows close in stream time.
      const all = Object.entries(samples).flatMap(([chatId, list]) =>
        list.map((s) => ({
          source: 'telegram' as const,
          channel_id: chatId,
          metric: 'members' as const,
          count: s.count,
          observed_at: s.at,
        })),
      );
      await produceChannelStats(
        intake,
        all.sort((a, b) => a.observed_at - b.observed_at),
      );
    } finally {
      await intake.close();
    }
    let update = 1;
    const updates: { at: number; body: object }[] = [];
    for (const post of POSTS) {
      updates.push({
        at: post.at,
        body: {
          channel_post: {
            message_id: post.id,
            sender_chat: chat,
            chat,
            date: seconds(post.at),
            text: `post ${post.id}`,
          },
        },
      });
      for (const [at, total] of post.reactions) {
        updates.push({
          at,
          body: {
            message_reaction_count: {
              chat,
              message_id: post.id,
              date: seconds(at),
              reactions: [{ type: { type: 'emoji', emoji: '👍' }, total_count: total }],
            },
          },
        });
      }
    }
    for (const { body } of updates.sort((a, b) => a.at - b.at)) {
      expect((await postUpdate(app, { update_id: update++, ...body })).status).toBe(200);
    }
  }, 120_000);
  afterAll(() => app?.stop());

  /** Answers served from the query cache so far (this process's recent answers or Redis). */
  const cacheHits = async () => {
    const text = await (await fetch(`${opsUrl(app)}/metrics`)).text();
    const hits = [...text.matchAll(/^social_analytics_query_cache_total\{result="hit(?:_local)?"\} (\d+)/gm)];
    return hits.reduce((sum, [, count]) => sum + Number(count), 0);
  };

  /** Polls until the answer satisfies `ready` (the processors catching up), then returns it. */
  const settled = <T>(path: string, ready: (body: T) => boolean) =>
    eventually(
      () => get<T>(path),
      (answer) => answer.status === 200 && ready(answer.body),
      90_000,
    ).catch(() => get<T>(path));

  it('rates each post: its interactions ÷ the audience when it was posted × 100', async () => {
    const expected = [...POSTS]
      .sort((a, b) => b.at - a.at)
      .map((post) => {
        const interactions = post.reactions.at(-1)?.[1] ?? 0;
        const of = audienceAt(STEADY, post.at);
        return {
          post_id: String(post.id),
          posted_at: iso(post.at),
          interactions,
          audience: of,
          engagement_rate: rate(interactions, of),
        };
      });
    const answer = await settled<{ posts: unknown[] }>(
      `/v1/channels/${key(STEADY)}/engagement/posts?from=${iso(TODAY - 3 * DAY)}`,
      (body) => isDeepStrictEqual(body.posts, expected),
    );
    expect(answer.body.posts).toEqual(expected);
  }, 120_000);

  it('rates each day: interactions observed in it ÷ the audience at its end × 100', async () => {
    const byDay = new Map<number, number>();
    for (const post of POSTS) {
      let last = 0;
      for (const [at, total] of post.reactions) {
        const day = Math.floor(at / DAY) * DAY;
        byDay.set(day, (byDay.get(day) ?? 0) + total - last);
        last = total;
      }
    }
    const expected = [...byDay.entries()]
      .sort(([a], [b]) => a - b)
      .map(([day, interactions]) => {
        const of = audienceAt(STEADY, day + DAY - 1);
        return {
          window_start: iso(day),
          interactions,
          audience: of,
          engagement_rate: rate(interactions, of),
        };
      });
    const path = `/v1/channels/${key(STEADY)}/engagement?granularity=day&from=${iso(TODAY - 3 * DAY)}`;
    const answer = await settled<{ windows: unknown[] }>(path, (body) =>
      isDeepStrictEqual(body.windows, expected),
    );
    expect(answer.body.windows).toEqual(expected);
  }, 120_000);

  it('flags the injected spike of joins, and nothing on the steady channel', async () => {
    const path = (chatId: number) =>
      `/v1/channels/${key(chatId)}/audience?granularity=day&from=${iso(FIRST - DAY)}&to=${iso(TODAY + DAY)}`;
    type Audience = { windows: { window_start: string; anomaly?: { metric: string; score: number } }[] };
    const flagged = (body: Audience) => body.windows.filter((w) => w.anomaly);
    const spiked = await settled<Audience>(path(SPIKED), (body) => body.windows.length === 25);
    expect(flagged(spiked.body)).toEqual([
      expect.objectContaining({
        window_start: iso(samples[SPIKED]![20]!.at - 12 * HOUR),
        anomaly: { metric: 'change', score: expect.any(Number) },
      }),
    ]);
    expect(flagged(spiked.body)[0]!.anomaly!.score).toBeGreaterThan(3.5);
    // An answer of the spike's day alone: scored against the 14 days before it all the same.
    const spikeDay = samples[SPIKED]![20]!.at - 12 * HOUR;
    const alone = await get<Audience>(
      `/v1/channels/${key(SPIKED)}/audience?granularity=day&from=${iso(spikeDay)}&to=${iso(spikeDay + DAY)}`,
    );
    expect(alone.body.windows).toEqual([
      expect.objectContaining({ window_start: iso(spikeDay), anomaly: expect.anything() }),
    ]);
    const steady = await settled<Audience>(path(STEADY), (body) => body.windows.length === 25);
    expect(steady.body.windows).toHaveLength(25);
    expect(flagged(steady.body)).toEqual([]);
  }, 120_000);

  it('forecasts the next 30 days from the daily history, and says when there is not enough', async () => {
    const counts = samples[STEADY]!.map((s) => s.count);
    const model = forecast(counts, 30)!;
    const point = (step: number) => {
      const p = model.points[step - 1]!;
      return { count: Math.round(p.value), lower: Math.round(p.lower), upper: Math.round(p.upper) };
    };
    type Forecast = {
      status: string;
      history_days: number;
      in_7_days: unknown;
      in_30_days: unknown;
      days: unknown[] | null;
    };
    const answer = await settled<Forecast>(
      `/v1/channels/${key(STEADY)}/audience/forecast`,
      (body) => body.history_days === 25,
    );
    expect(answer.body).toMatchObject({
      status: 'ok',
      history_days: 25,
      in_7_days: point(7),
      in_30_days: point(30),
    });
    expect(answer.body.days).toHaveLength(30);
    const young = await settled<Forecast>(
      `/v1/channels/${key(YOUNG)}/audience/forecast`,
      (body) => body.history_days === 3,
    );
    expect(young.body).toMatchObject({
      status: 'not_enough_history',
      history_days: 3,
      in_7_days: null,
      days: null,
    });
  }, 120_000);

  it('compares tracked channels side by side, and refuses more than 10 or an untracked one', async () => {
    const from = TODAY - 5 * DAY;
    const path = `/v1/compare?channels=${key(STEADY)},${key(SPIKED)}&metric=audience&granularity=day&from=${iso(from)}&to=${iso(TODAY)}`;
    const expected = [STEADY, SPIKED].map((chatId) => ({
      channel: key(chatId),
      windows: Array.from({ length: 5 }, (_, d) => ({
        window_start: iso(from + d * DAY),
        value: audienceAt(chatId, from + (d + 1) * DAY - 1),
      })),
    }));
    const answer = await settled<{ channels: unknown[] }>(path, (body) =>
      isDeepStrictEqual(body.channels, expected),
    );
    expect(answer.body.channels).toEqual(expected);

    const eleven = Array.from({ length: 11 }, (_, i) => key(base - 10 - i)).join(',');
    expect((await get(`/v1/compare?channels=${eleven}`)).status).toBe(400);
    const untracked = await get<{ error: { code: string } }>(
      `/v1/compare?channels=${key(STEADY)},${key(base - 99)}`,
    );
    expect(untracked.status).toBe(404);
  }, 120_000);

  it('answers from the cache until fresh data about the channel lands', async () => {
    type Rates = { posts: { interactions: number }[] };
    const path = `/v1/channels/${key(STEADY)}/engagement/posts`;
    const total = (body: Rates) => body.posts.reduce((sum, post) => sum + post.interactions, 0);
    const first = await settled<Rates>(path, (body) => total(body) === 65 + 12);
    const etag = first.headers.get('etag');
    const hitsBefore = await cacheHits();
    const again = await callApi(app, 'GET', path, {
      token: account.token,
      headers: { 'if-none-match': etag! },
    });
    expect(again.status).toBe(304);
    await get(`/v1/channels/${key(STEADY)}/audience/forecast`);
    await get(`/v1/channels/${key(STEADY)}/audience/forecast`);
    // The repeated rates and the second forecast (the first too, if an earlier test asked it):
    // answered from the cache, not computed again.
    expect((await cacheHits()) - hitsBefore).toBeGreaterThanOrEqual(2);

    // Post 3's first reactions: the cached rates go stale with the data that lands.
    const reaction = {
      chat,
      message_id: 3,
      date: seconds(Date.now()),
      reactions: [{ type: { type: 'emoji', emoji: '🔥' }, total_count: 7 }],
    };
    expect((await postUpdate(app, { update_id: 900_001, message_reaction_count: reaction })).status).toBe(
      200,
    );
    const fresh = await settled<Rates>(path, (body) => total(body) === 65 + 12 + 7);
    expect(total(fresh.body)).toBe(84);
    expect(fresh.headers.get('etag')).not.toBe(etag);
  }, 120_000);
});
