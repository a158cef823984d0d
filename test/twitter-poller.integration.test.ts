import { randomInt } from 'node:crypto';
import { Writable } from 'node:stream';
import { Pool } from 'pg';
import pino from 'pino';
import type { ChannelStatsSample } from '../schemas/records/channel-stats';
import { DeadLetterWriter } from '../connectors/kafka/dead-letters';
import { RecordProducer } from '../connectors/kafka/record-producer';
import { snowflakeAt } from '../schemas/x-snowflake';
import type { TweetRecord } from '../schemas/records/tweet';
import { XApiClient } from '../connectors/twitter/x-api-client';
import { XPoller } from '../connectors/twitter/x-poller';
import type { XPost } from '../connectors/twitter/x-types';
import { createKafka } from '../platform/clients/kafka';
import { createMetrics, type Metrics } from '../platform/metrics';
import { AvroSerde } from '../schemas/serde/avro-serde';
import { TOPICS, TopicNames } from '../schemas/topics';
import { LONG_LINK, LONG_TEXT } from '../connectors/twitter/long-post.fixture';
import { xPost, xRepost } from '../connectors/replay/x-post-shapes';
import { callApi, opsUrl, startApp, useAccount, type RunningApp } from './support/app';
import { eventually } from './support/eventually';
import { createTestDatabase } from './support/database';
import { FakeXApi } from './support/fake-x-api';
import { readTopic } from './support/topic-reader';

const HOUR = 3_600_000;
const accountId = () => String(randomInt(1e9, 9e9)) + String(randomInt(1e8, 9e8)); // 19 digits, as X ids

/** `count` posts of `author`, one a minute ending `endMs`, in X's shape. */
function posts(author: string, count: number, endMs: number, text = 'notes on #streaming'): XPost[] {
  return Array.from({ length: count }, (_, i) => {
    const ms = endMs - (count - 1 - i) * 60_000;
    return {
      id: snowflakeAt(ms, randomInt(4096)),
      text: `${text} ${i}`,
      author_id: author,
      created_at: new Date(ms).toISOString(),
      lang: 'en',
      public_metrics: {
        like_count: i,
        retweet_count: 1,
        reply_count: 0,
        quote_count: 0,
        impression_count: 100 + i,
      },
    };
  });
}

describe('X poller', () => {
  let x: FakeXApi;
  let root: string;
  let app: RunningApp;
  let postgres: Pool;
  let serde: AvroSerde;
  let producer: RecordProducer;
  let metrics: Metrics;
  let organization: string;
  const logs: string[] = [];
  let clock = Date.now();

  /** A poller as the connectors role builds it; a new one is what a restarted process has. */
  const poller = (overrides: Partial<ConstructorParameters<typeof XPoller>[0]> = {}) => {
    const topics = new TopicNames(app.config.kafka.topicPrefix);
    const logger = pino(
      { level: 'info' },
      new Writable({ write: (chunk: Buffer, _, done) => done(void logs.push(chunk.toString())) }),
    );
    return new XPoller({
      client: new XApiClient({ apiRoot: root, bearerToken: 'test-bearer', backoffMs: 1, retries: 2 }),
      postgres,
      serde,
      producer,
      deadLetters: new DeadLetterWriter(producer, topics, metrics),
      topics,
      metrics,
      logger,
      intervalMs: 3_600_000,
      refreshMaxAgeMs: 48 * HOUR,
      refreshIntervalMs: HOUR,
      now: () => new Date(clock),
      ...overrides,
    });
  };
  const track = (account: string) =>
    postgres.query(
      "INSERT INTO tracked_channels (organization_id, source, channel_id) VALUES ($1, 'twitter', $2)",
      [organization, account],
    );
  const stored = async () => {
    const records = await readTopic(app.config.kafka.topicPrefix + TOPICS.twitterTweets).catch(() => []);
    return Promise.all(
      records.map(async (r) => ({ key: r.key, ...(await serde.decode<TweetRecord>(r.value!)) })),
    );
  };

  let database: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    x = new FakeXApi();
    root = await x.start();
    database = await createTestDatabase(); // the poller reads every tracked account: only ours
    // Topics, schemas and migrations; no X token, so no poller of its own.
    app = await startApp({ ROLES: 'connectors', DATABASE_URL: database.url });
    postgres = new Pool({ connectionString: app.config.postgres.url });
    serde = new AvroSerde(app.config.schemaRegistry.url, new TopicNames(app.config.kafka.topicPrefix));
    metrics = createMetrics();
    producer = new RecordProducer(createKafka(app.config.kafka, pino({ level: 'silent' })), 10_000, metrics);
    const { rows } = await postgres.query<{ id: string }>(
      "INSERT INTO organizations (name, plan) VALUES ('x poller test', 'pro') RETURNING id", // Free reads nothing from X
    );
    organization = rows[0]!.id;
  });
  afterAll(async () => {
    await postgres?.query('DELETE FROM organizations WHERE id = $1', [organization]);
    await postgres?.end();
    await producer?.close();
    await app?.stop();
    await database?.drop();
    x?.close();
  });

  it('stores the posts of tracked accounts and searches once each, keyed by author, and samples followers', async () => {
    const [a, b] = [accountId(), accountId()];
    const tag = `#summit${randomInt(1e9)}`; // checkpoints are per target: a query of this run only
    x.addUser({ id: a, username: 'acct_a', public_metrics: { followers_count: 4200 } });
    x.addUser({ id: b, username: 'acct_b', public_metrics: { followers_count: 17 } });
    for (const post of [
      ...posts(a, 30, clock - 3 * HOUR),
      ...posts(b, 8, clock - 3 * HOUR, `release ${tag}`),
    ])
      x.addPost(post);
    await track(a);
    await track(b);
    await postgres.query('INSERT INTO tracked_searches (organization_id, query) VALUES ($1, $2)', [
      organization,
      tag,
    ]);

    const first = await poller().pollOnce(); // a first poll reads each target's newest page only
    expect(first).toMatchObject({ failed: 0, budgetSpent: 0, followers: 2 });
    const afterFirst = await postgres.query(
      "SELECT pending_newest_id FROM twitter_checkpoints WHERE target_kind = 'account' AND target = $1",
      [a],
    );
    expect(afterFirst.rows).toEqual([{ pending_newest_id: null }]); // nothing to resume: no backfill after a crash
    for (const post of posts(a, 130, clock)) x.addPost(post); // more than a page: followed through next_token
    const second = await poller().pollOnce();
    expect(second.failed).toBe(0);

    const records = await stored();
    const timeline = records.filter((r) => r.observed_via === 'timeline');
    expect(timeline.filter((r) => r.author_id === a)).toHaveLength(160);
    expect(timeline.filter((r) => r.author_id === b)).toHaveLength(8);
    expect(new Set(timeline.map((r) => r.tweet_id)).size).toBe(timeline.length);
    expect(timeline.every((r) => r.key === `twitter:${r.author_id}`)).toBe(true);
    const search = records.filter((r) => r.observed_via === 'search' && r.search_query === tag);
    expect(search.map((r) => r.author_id)).toEqual(Array(8).fill(b));
    expect(search[0]).toMatchObject({
      search_query: tag,
      like_count: expect.any(Number),
      impression_count: expect.any(Number),
    });
    expect(JSON.parse(timeline[0]!.payload)).toMatchObject({
      id: timeline[0]!.tweet_id,
      public_metrics: expect.any(Object),
    });
    expect(x.calls('users/:id/tweets').filter((q) => q.pagination_token !== undefined)).toHaveLength(1);

    const stats = await readTopic(app.config.kafka.topicPrefix + TOPICS.channelStats);
    const samples = await Promise.all(stats.map((r) => serde.decode<ChannelStatsSample>(r.value!)));
    expect(samples.filter((s) => s.channel_id === a).map((s) => s.count)).toEqual([4200, 4200]);
    expect(samples.find((s) => s.channel_id === b)).toMatchObject({
      source: 'twitter',
      metric: 'followers',
      count: 17,
    });
    expect(stats.map((r) => r.key)).toContain(`twitter:${a}`);
  });

  it('resumes from its checkpoint after a failure mid-round: no gap and no post stored twice', async () => {
    const account = accountId();
    for (const post of posts(account, 5, clock - 5 * HOUR)) x.addPost(post);
    await track(account);
    await poller().pollOnce();
    for (const post of posts(account, 250, clock)) x.addPost(post);
    // The first page is stored; the second meets a 5xx burst longer than the retries.
    x.failWhere(
      (endpoint, query) => endpoint === 'users/:id/tweets' && query.pagination_token !== undefined,
      500,
      500,
      500,
    );
    const calls = x.calls('users/:id/tweets').length;
    const broken = await poller().pollOnce();
    expect(broken.failed).toBe(1);
    expect(x.calls('users/:id/tweets').length - calls).toBeGreaterThan(2);

    const restarted = await poller().pollOnce(); // a new process: only PostgreSQL remembers
    expect(restarted.failed).toBe(0);
    const ours = (await stored()).filter((r) => r.author_id === account && r.observed_via === 'timeline');
    expect(ours).toHaveLength(255);
    expect(new Set(ours.map((r) => r.tweet_id)).size).toBe(255);
    const checkpoint = await postgres.query(
      "SELECT since_id, pending_newest_id FROM twitter_checkpoints WHERE target_kind = 'account' AND target = $1",
      [account],
    );
    expect(checkpoint.rows[0]).toEqual({
      since_id: ours
        .map((r) => BigInt(r.tweet_id))
        .reduce((m, id) => (id > m ? id : m))
        .toString(),
      pending_newest_id: null,
    });
  });

  it('re-reads the metrics of young posts as new observations, and leaves old ones alone', async () => {
    const account = accountId();
    const [old] = posts(account, 1, clock - 50 * HOUR);
    const [young] = posts(account, 1, clock - HOUR);
    x.addPost(old!);
    x.addPost(young!);
    await track(account);
    await poller().pollOnce();
    x.addPost({ ...young!, public_metrics: { ...young!.public_metrics, like_count: 99 } });
    clock += HOUR + 1000;
    const round = await poller().pollOnce();
    const refreshed = (await stored()).filter((r) => r.author_id === account && r.observed_via === 'refresh');
    expect(refreshed.map((r) => [r.tweet_id, r.like_count])).toEqual([[young!.id, 99]]);
    expect(round.refreshed).toBeGreaterThanOrEqual(1);
  });

  it('drops a search checkpoint older than recent search reaches, logs the gap, and reads the newest page', async () => {
    const tag = `#stale${randomInt(1e9)}`;
    const author = accountId();
    for (const post of posts(author, 12, clock, `launch ${tag}`)) x.addPost(post);
    await postgres.query('INSERT INTO tracked_searches (organization_id, query) VALUES ($1, $2)', [
      organization,
      tag,
    ]);
    await postgres.query(
      "INSERT INTO twitter_checkpoints (target_kind, target, since_id) VALUES ('search', $1, $2)",
      [tag, snowflakeAt(clock - 8 * 24 * HOUR)],
    );
    const round = await poller().pollOnce();
    expect(round.failed).toBe(0);
    const found = (await stored()).filter((r) => r.search_query === tag);
    expect(found).toHaveLength(12);
    expect(logs.some((line) => line.includes(tag) && line.includes('(gap)'))).toBe(true);
  });

  it("stops polling an organization's targets when its monthly read budget is spent, says so, and resumes next month", async () => {
    const { rows } = await postgres.query<{ id: string }>(
      "INSERT INTO organizations (name, twitter_monthly_read_budget) VALUES ('small budget', 12) RETURNING id",
    );
    const small = rows[0]!.id;
    try {
      const account = accountId();
      x.addUser({ id: account, public_metrics: { followers_count: 5 } });
      for (const post of posts(account, 40, clock - HOUR)) x.addPost(post);
      await postgres.query(
        "INSERT INTO tracked_channels (organization_id, source, channel_id) VALUES ($1, 'twitter', $2)",
        [small, account],
      );
      const p = poller({ refreshMaxAgeMs: 0 });
      await p.pollOnce(); // a page of 12 posts, all the budget allows; no followers read then
      for (const post of posts(account, 20, clock)) x.addPost(post);
      const spent = await p.pollOnce();
      expect(spent.budgetSpent).toBe(1);
      const usage = await postgres.query('SELECT reads FROM twitter_read_usage WHERE organization_id = $1', [
        small,
      ]);
      expect(Number(usage.rows[0].reads)).toBe(12);
      const timelineReads = () => x.requests.filter((r) => r.path === `/2/users/${account}/tweets`).length;
      const beforeMonthEnd = timelineReads();
      expect((await p.pollOnce()).budgetSpent).toBe(1);
      expect(timelineReads()).toBe(beforeMonthEnd);
      const gauge = await metrics.xReadBudgetRemaining.get();
      expect(gauge.values.find((v) => v.labels.organization === small)?.value).toBe(0);
      expect(logs.filter((l) => l.includes(small) && l.includes('budget is spent'))).toHaveLength(1);

      clock = Date.UTC(new Date(clock).getUTCFullYear(), new Date(clock).getUTCMonth() + 1, 1, 0, 5);
      const nextMonth = await p.pollOnce();
      expect(nextMonth.stored).toBeGreaterThanOrEqual(12); // a new month's 12 reads: 12 more posts
      const ours = (await stored()).filter((r) => r.author_id === account);
      expect(ours).toHaveLength(24);
    } finally {
      await postgres.query('DELETE FROM organizations WHERE id = $1', [small]);
    }
  });
});

describe('X poller in the connectors role', () => {
  it('polls tracked accounts on schedule once X_BEARER_TOKEN is set', async () => {
    const x = new FakeXApi();
    const root = await x.start();
    const database = await createTestDatabase();
    const app = await startApp({
      ROLES: 'connectors',
      DATABASE_URL: database.url,
      X_BEARER_TOKEN: 'test-bearer',
      X_API_ROOT: root,
      X_POLL_INTERVAL_MS: '1000',
    });
    const postgres = new Pool({ connectionString: app.config.postgres.url });
    const { rows } = await postgres.query<{ id: string }>(
      "INSERT INTO organizations (name, plan) VALUES ('x role test', 'pro') RETURNING id",
    );
    try {
      const account = accountId();
      for (const post of posts(account, 3, Date.now())) x.addPost(post);
      await postgres.query(
        "INSERT INTO tracked_channels (organization_id, source, channel_id) VALUES ($1, 'twitter', $2)",
        [rows[0]!.id, account],
      );
      const serde = new AvroSerde(
        app.config.schemaRegistry.url,
        new TopicNames(app.config.kafka.topicPrefix),
      );
      const records = await eventually(
        async () => await readTopic(app.config.kafka.topicPrefix + TOPICS.twitterTweets).catch(() => []),
        (r) => r.length >= 3,
        30_000,
        500,
      );
      const values = await Promise.all(records.map((r) => serde.decode<TweetRecord>(r.value!)));
      expect(values.filter((v) => v.author_id === account)).toHaveLength(3);
      const exposition = await (await fetch(`${opsUrl(app)}/metrics`)).text();
      expect(exposition).toMatch(/social_analytics_x_polls_total\{kind="account",outcome="ok"\} [1-9]/);
    } finally {
      await postgres.query('DELETE FROM organizations WHERE id = $1', [rows[0]!.id]);
      await postgres.end();
      await app.stop();
      await database.drop();
      x.close();
    }
  });
});

describe('X poller to ClickHouse posts', () => {
  it('stores a long post whole, with its hashtags and mentions past character 280, and a repost as its original', async () => {
    const x = new FakeXApi();
    const root = await x.start();
    const database = await createTestDatabase();
    const app = await startApp({
      DATABASE_URL: database.url,
      X_BEARER_TOKEN: 'test-bearer',
      X_API_ROOT: root,
      X_POLL_INTERVAL_MS: '1000',
    });
    try {
      const [tracked, other] = [accountId(), accountId()];
      x.addUser({ id: tracked, username: 'long_writer', public_metrics: { followers_count: 900 } });
      const at = (minutesAgo: number) => {
        const ms = Date.now() - minutesAgo * 60_000;
        return { id: snowflakeAt(ms, randomInt(4096)), created_at: new Date(ms).toISOString() };
      };
      const metrics = { like_count: 5, retweet_count: 1, reply_count: 0, quote_count: 1 };
      const long = xPost({
        ...at(30),
        author_id: tracked,
        public_metrics: metrics,
        text: LONG_TEXT,
        link: LONG_LINK,
      });
      // Another account's long post, which X sends only in includes.tweets beside the repost and quote.
      const original = xPost({
        ...at(40),
        author_id: other,
        public_metrics: metrics,
        text: `Elsewhere: ${LONG_TEXT}`.slice(0, 400) + ' #elsewhere',
      });
      const repost = xRepost(original, 'other_writer', {
        ...at(20),
        author_id: tracked,
        public_metrics: metrics,
      });
      const quote = xPost({
        ...at(10),
        author_id: tracked,
        public_metrics: metrics,
        text: 'Worth reading twice #streaming',
        referenced_tweets: [{ type: 'quoted', id: original.id }],
      });
      for (const post of [long, original, repost, quote]) x.addPost(post);
      const channel = `twitter:${tracked}`;
      const account = await useAccount(app, 'pro', [channel]); // the poller reads what a paying organization tracks

      const from = new Date(Date.now() - 3_600_000).toISOString();
      const top = await eventually(
        () =>
          callApi<{
            posts: {
              post_id: string;
              post_type: string;
              text: string;
              hashtags: string[];
              mentions: string[];
              links: string[];
            }[];
          }>(app, 'GET', `/v1/channels/${channel}/posts/top?from=${from}&limit=10`, { token: account.token }),
        (answer) => answer.status === 200 && answer.body.posts.length === 3,
        60_000,
        1000,
      );
      const byId = new Map(top.body.posts.map((post) => [post.post_id, post]));
      expect(byId.get(long.id)).toMatchObject({
        text: LONG_TEXT,
        hashtags: ['kafka', 'exactlyonce'],
        mentions: ['clickhouse_tips'],
        links: [LONG_LINK],
      });
      expect(byId.get(repost.id)).toMatchObject({
        post_type: 'repost',
        text: `RT @other_writer: ${original.note_tweet!.text}`,
        hashtags: expect.arrayContaining(['kafka', 'elsewhere']),
      });
      expect(byId.get(quote.id)).toMatchObject({ post_type: 'quote', hashtags: ['streaming'] });

      // The raw topic keeps what X sent, whole, and the quote its original's text.
      const serde = new AvroSerde(
        app.config.schemaRegistry.url,
        new TopicNames(app.config.kafka.topicPrefix),
      );
      const raw = await readTopic(app.config.kafka.topicPrefix + TOPICS.twitterTweets);
      const records = await Promise.all(raw.map((r) => serde.decode<TweetRecord>(r.value!)));
      expect(records.find((r) => r.tweet_id === quote.id)).toMatchObject({
        referenced_author_id: other,
        referenced_text: original.note_tweet!.text,
      });
      expect(x.calls('users/:id/tweets')[0]).toMatchObject({ expansions: 'referenced_tweets.id' });
    } finally {
      await app.stop();
      await database.drop();
      x.close();
    }
  });
});
