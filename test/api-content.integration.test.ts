import { openIntake } from '../connectors/intake';
import { produceChannelStats } from '../connectors/kafka/channel-stats';
import { PostWriter } from '../connectors/twitter/post-writer';
import type { XPost } from '../connectors/twitter/x-types';
import { createLogger } from '../platform/logger';
import { TOPICS, TopicNames } from '../schemas/topics';
import { type RunningApp, type TestAccount, callApi, postUpdate, startApp, useAccount } from './support/app';
import { eventually } from './support/eventually';
import { readTopic } from './support/topic-reader';

/**
 * The content questions end to end: Telegram updates through the webhook, X posts and audience
 * samples as the pollers store them, the processors into ClickHouse, the API's answers.
 */
const CHAT = -1001555000111;
const TELEGRAM = `telegram:${CHAT}`;
const X_ACCOUNT = '7700000000000000077';
const TWITTER = `twitter:${X_ACCOUNT}`;
const HOUR = 3_600_000;
const T0 = Math.floor((Date.now() - 2 * 86_400_000) / HOUR) * HOUR; // two days ago, on the hour
const iso = (ms: number) => new Date(ms).toISOString();
const seconds = (ms: number) => Math.floor(ms / 1000);

interface PostBody {
  post_id: string;
  text: string;
  edited_at: string | null;
  hashtags: string[];
  engagement: { interactions: number; reactions: number | null; views: number | null; likes: number | null };
}
interface Posts {
  posts: PostBody[];
}

const chat = { id: CHAT, title: 'Content test', username: 'content_test', type: 'channel' }; // public
const post = (updateId: number, messageId: number, at: number, text: string) => ({
  update_id: updateId,
  channel_post: { message_id: messageId, sender_chat: chat, chat, date: seconds(at), text },
});
const reactions = (updateId: number, messageId: number, at: number, counts: Record<string, number>) => ({
  update_id: updateId,
  message_reaction_count: {
    chat,
    message_id: messageId,
    date: seconds(at),
    reactions: Object.entries(counts).map(([emoji, total_count]) => ({
      type: { type: 'emoji', emoji },
      total_count,
    })),
  },
});
const tweet = (id: string, at: number, text: string, likes: number): XPost => ({
  id,
  author_id: X_ACCOUNT,
  created_at: iso(at),
  text,
  public_metrics: {
    like_count: likes,
    retweet_count: 2,
    reply_count: 1,
    quote_count: 0,
    impression_count: 500,
  },
});

describe('content questions: top posts, search, terms, hour of week, audience, export', () => {
  let app: RunningApp;
  let account: TestAccount;
  const get = <T = Posts>(path: string, headers: Record<string, string> = {}) =>
    callApi<T>(app, 'GET', path, { token: account.token, headers });

  beforeAll(async () => {
    app = await startApp();
    account = await useAccount(app, 'pro', [TELEGRAM, TWITTER]);
    const updates = [
      post(1, 1, T0, 'Launch day #Kafka #streams with @alice https://a.example/x'),
      post(2, 2, T0 + HOUR, 'Notes on #kafka, thanks @Bob'),
      post(3, 3, T0 + 2 * HOUR, 'Quiet update'),
      {
        update_id: 4,
        edited_channel_post: {
          ...post(0, 3, T0 + 2 * HOUR, '').channel_post,
          edit_date: seconds(T0 + 2 * HOUR + 60_000),
          text: 'Quiet update, now #Kafka',
        },
      },
      reactions(5, 2, T0 + HOUR + 600, { '👍': 7, '🔥': 2 }),
      reactions(6, 1, T0 + 3 * HOUR, { '👍': 12 }),
      reactions(7, 1, T0 + 600, { '👍': 1 }), // older than the last: must not win
    ];
    for (const update of updates) expect((await postUpdate(app, update)).status).toBe(200);

    // Stored as the pollers store them.
    const intake = openIntake(app.config, createLogger('error'));
    const { serde, producer, topics } = intake;
    try {
      const writer = new PostWriter(intake);
      const items = (posts: XPost[]) => posts.map((value) => ({ value, json: JSON.stringify(value) }));
      await writer.write(
        items([tweet('1900', T0, 'First #Kafka', 10), tweet('1901', T0 + HOUR, 'Second', 50)]),
        {
          via: 'timeline',
          observedAt: new Date(T0 + HOUR),
        },
      );
      await writer.write(items([tweet('1900', T0, 'First #Kafka', 100)]), {
        via: 'refresh',
        observedAt: new Date(T0 + 5 * HOUR),
      });
      const sample = (at: number, count: number) => ({
        source: 'telegram' as const,
        channel_id: String(CHAT),
        metric: 'members' as const,
        count,
        observed_at: at,
      });
      // A record that decodes but cannot be read (its kept payload is not JSON): dead-lettered,
      // and the partition goes on.
      await producer.send(topics.of(TOPICS.telegramUpdates), [
        {
          key: TELEGRAM,
          value: await serde.encode(TOPICS.telegramUpdates, {
            update_id: 99,
            update_type: 'channel_post',
            chat_id: CHAT,
            chat_type: 'channel',
            chat_title: null,
            message_id: 99,
            sender_id: null,
            event_time: T0,
            received_at: T0,
            payload: 'not json',
          }),
        },
      ]);
      await produceChannelStats(intake, [
        sample(T0 - 3 * 86_400_000, 900),
        sample(T0, 1000),
        sample(T0 + 1_800_000, 1010),
        sample(T0 + HOUR + 600_000, 1005),
      ]);
    } finally {
      await intake.close();
    }
  });
  afterAll(() => app?.stop());

  const from = iso(T0 - HOUR);

  it('ranks posts by their latest engagement, the newest observation winning', async () => {
    const top = await eventually(
      () => get(`/v1/channels/${TELEGRAM}/posts/top?from=${from}`),
      (r) => r.status === 200 && r.body.posts.length === 3 && r.body.posts[0]?.engagement.reactions === 12,
    );
    expect(top.body.posts.map((p) => [p.post_id, p.engagement.interactions])).toEqual([
      ['1', 12],
      ['2', 9],
      ['3', 0],
    ]);
    expect(top.body.posts[0]?.engagement).toMatchObject({ reactions: 12, views: null, likes: null });
    expect(top.body.posts[2]).toMatchObject({ text: 'Quiet update, now #Kafka', hashtags: ['kafka'] });
    expect(top.body.posts[2]?.edited_at).toBe(iso(T0 + 2 * HOUR + 60_000));

    const x = await eventually(
      () => get(`/v1/channels/${TWITTER}/posts/top?from=${from}&sort=likes&limit=1`),
      (r) => r.status === 200 && r.body.posts[0]?.engagement.likes === 100,
    );
    expect(x.body.posts.map((p) => [p.post_id, p.engagement.interactions, p.engagement.views])).toEqual([
      ['1900', 103, 500],
    ]);
  });

  it('dead-letters a record it cannot read, with its reason, and reads the rest', async () => {
    const dead = await eventually(
      () => readTopic(new TopicNames(app.config.kafka.topicPrefix).deadLetter(TOPICS.telegramUpdates)),
      (records) => records.length > 0,
    );
    expect(dead.map((record) => [record.key, record.headers['dlq.error.code']])).toEqual([
      [TELEGRAM, 'VALIDATION_FAILED'],
    ]);
    expect(dead[0]?.headers['dlq.error.message']).toMatch(/cannot be read/);
  });

  it('finds posts by every word of a query, case-insensitively, and never runs the query as SQL', async () => {
    const search = (q: string) =>
      get(`/v1/channels/${TELEGRAM}/posts/search?from=${from}&q=${encodeURIComponent(q)}`);
    expect((await search('KAFKA')).body.posts.map((p) => p.post_id)).toEqual(['3', '2', '1']);
    expect((await search('quiet kafka')).body.posts.map((p) => p.post_id)).toEqual(['3']);
    expect((await search('launch ALICE')).body.posts.map((p) => p.post_id)).toEqual(['1']);
    const hostile = await search("x' OR 1=1; DROP TABLE posts; --");
    expect([hostile.status, hostile.body.posts]).toEqual([200, []]);
    expect((await search('one two three four five six seven eight nine')).status).toBe(400);
    // A period at the epoch: times travel as text, since ClickHouse refuses 0 or 1 as a DateTime64.
    const epoch = await get(
      `/v1/channels/${TELEGRAM}/posts/top?from=1970-01-01T00:00:00Z&to=1970-01-02T00:00:00Z`,
    );
    expect([epoch.status, epoch.body.posts]).toEqual([200, []]);
    const metricsAtEpoch = await get(
      `/v1/channels/${TELEGRAM}/metrics?granularity=day&from=1970-01-01T00:00:01Z&to=1970-01-02T00:00:00Z`,
    );
    expect(metricsAtEpoch.status).toBe(200);
  });

  it('counts hashtags and mentions per post, lower-cased', async () => {
    const terms = await get<{ terms: unknown[] }>(`/v1/channels/${TELEGRAM}/terms?from=${from}`);
    expect(terms.body.terms).toEqual([
      { term: 'kafka', posts: 3 },
      { term: 'streams', posts: 1 },
    ]);
    const mentions = await get<{ terms: unknown[] }>(
      `/v1/channels/${TELEGRAM}/terms?from=${from}&kind=mention`,
    );
    expect(mentions.body.terms).toEqual([
      { term: 'alice', posts: 1 },
      { term: 'bob', posts: 1 },
    ]);
  });

  it('places posts on the hour-of-week grid of a time zone', async () => {
    type Grid = { cells: { day: number; hour: number; posts: number }[] };
    const cell = (ms: number, timeZone: string) => {
      const parts = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        weekday: 'short',
        hour: 'numeric',
        hourCycle: 'h23',
      }).formatToParts(new Date(ms));
      const day =
        ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(
          parts.find((p) => p.type === 'weekday')!.value,
        ) + 1;
      return { day, hour: Number(parts.find((p) => p.type === 'hour')!.value), posts: 1 };
    };
    for (const zone of ['UTC', 'Asia/Kolkata']) {
      const grid = await get<Grid>(
        `/v1/channels/${TELEGRAM}/activity/hour-of-week?from=${from}&time_zone=${zone}`,
      );
      expect(grid.body.cells).toHaveLength(168);
      expect(grid.body.cells.filter((c) => c.posts > 0)).toEqual(
        [T0, T0 + HOUR, T0 + 2 * HOUR]
          .map((ms) => cell(ms, zone))
          .sort((a, b) => a.day * 24 + a.hour - (b.day * 24 + b.hour)),
      );
    }
    expect((await get(`/v1/channels/${TELEGRAM}/activity/hour-of-week?time_zone=Mars/Olympus`)).status).toBe(
      400,
    );
    // ICU takes any case; ClickHouse only its own spelling: the name is canonicalized first.
    const lower = await get<{ time_zone: string }>(
      `/v1/channels/${TELEGRAM}/activity/hour-of-week?time_zone=europe/berlin`,
    );
    expect([lower.status, lower.body.time_zone]).toEqual([200, 'Europe/Berlin']);
  });

  it('gives the audience per window with its change, from the sample before the period on', async () => {
    const audience = await get<{ metric: string; windows: unknown[] }>(
      `/v1/channels/${TELEGRAM}/audience?granularity=hour&from=${from}&to=${iso(T0 + 3 * HOUR)}`,
    );
    expect(audience.body.metric).toBe('members');
    expect(audience.body.windows).toEqual([
      { window_start: iso(T0).replace('.000', ''), count: 1010, change: 110 },
      { window_start: iso(T0 + HOUR).replace('.000', ''), count: 1005, change: -5 },
    ]);
    // Days come from the audience topology's day windows; the first sample ever changes nothing.
    const DAY = 86_400_000;
    const dayOf = (ms: number) => iso(Math.floor(ms / DAY) * DAY).replace('.000', '');
    const daily = await get<{ windows: unknown[] }>(
      `/v1/channels/${TELEGRAM}/audience?granularity=day&from=${iso(Math.floor(T0 / DAY) * DAY - 4 * DAY)}&to=${iso(T0 + DAY)}`,
    );
    expect(daily.body.windows).toEqual([
      { window_start: dayOf(T0 - 3 * DAY), count: 900, change: 0 },
      ...(dayOf(T0) === dayOf(T0 + HOUR + 600_000)
        ? [{ window_start: dayOf(T0), count: 1005, change: 105 }]
        : [
            { window_start: dayOf(T0), count: 1010, change: 110 },
            { window_start: dayOf(T0 + HOUR + 600_000), count: 1005, change: -5 },
          ]),
    ]);
  });

  it('answers 304 to a known ETag, and a fresh observation changes the answer', async () => {
    const path = `/v1/channels/${TELEGRAM}/posts/top?from=${from}&limit=1`;
    const first = await get(path);
    const etag = first.headers.get('etag')!;
    expect(
      (
        await fetch(`${app.baseUrl}${path}`, {
          headers: { authorization: `Bearer ${account.token}`, 'if-none-match': etag },
        })
      ).status,
    ).toBe(304);
    expect((await postUpdate(app, reactions(8, 3, T0 + 4 * HOUR, { '🎉': 50 }))).status).toBe(200);
    const fresh = await eventually(
      () => get(path),
      (r) => r.body.posts[0]?.post_id === '3',
    );
    expect(fresh.headers.get('etag')).not.toBe(etag);
  });

  it('exports windows and posts as CSV on Pro, and names the plan that would allow it on Free', async () => {
    const metrics = await fetch(
      `${app.baseUrl}/v1/channels/${TELEGRAM}/export?granularity=hour&from=${from}&to=${iso(T0 + 3 * HOUR)}`,
      {
        headers: { authorization: `Bearer ${account.token}` },
      },
    );
    expect(metrics.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(metrics.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.csv"/);
    expect(await metrics.text()).toBe(
      [
        'window_start,posts,edits,reactions,replies,forwards,views,likes,reposts',
        `${iso(T0).replace('.000', '')},1,0,0,0,0,0,0,0`,
        // The reactions observed on the posts, and the edit, in the hours they happened.
        `${iso(T0 + HOUR).replace('.000', '')},1,0,9,0,0,0,0,0`,
        `${iso(T0 + 2 * HOUR).replace('.000', '')},1,1,0,0,0,0,0,0`,
        '',
      ].join('\r\n'),
    );
    const posts = await (
      await fetch(`${app.baseUrl}/v1/channels/${TELEGRAM}/export?dataset=posts&from=${from}`, {
        headers: { authorization: `Bearer ${account.token}` },
      })
    ).text();
    const lines = posts.trim().split('\r\n');
    expect(lines[0]).toBe(
      'post_id,posted_at,edited_at,post_type,text,hashtags,mentions,links,interactions,reactions,replies,forwards,views,likes,reposts,quotes',
    );
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(['1', '2', '3']);
    expect(lines[2]).toContain('"Notes on #kafka, thanks @Bob",kafka,bob,,9,9,,,,,,');

    const free = await useAccount(app, 'free', [TELEGRAM]);
    const refused = await callApi<{ error: { code: string; details: { required_plan: string } } }>(
      app,
      'GET',
      `/v1/channels/${TELEGRAM}/export`,
      { token: free.token },
    );
    expect([refused.status, refused.body.error.code, refused.body.error.details.required_plan]).toEqual([
      402,
      'PLAN_UPGRADE_REQUIRED',
      'pro',
    ]);
  });
});
