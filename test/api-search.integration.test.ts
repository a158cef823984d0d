import { randomInt } from 'node:crypto';
import { openIntake } from '../connectors/intake';
import { PostWriter } from '../connectors/twitter/post-writer';
import type { XPost } from '../connectors/twitter/x-types';
import { createLogger } from '../platform/logger';
import {
  type RunningApp,
  type TestAccount,
  callApi,
  code,
  postUpdate,
  startApp,
  useAccount,
} from './support/app';
import { eventually } from './support/eventually';

/**
 * Search across an organization's channels end to end: Russian and English posts of a Telegram
 * channel and an X account through the processors into ClickHouse, matched and ranked there.
 */
const CHAT = -1_001_000_000_000 - randomInt(1, 999_999_999); // shared PostgreSQL: a chat of our own
const OTHER_CHAT = CHAT - 1_000_000_000;
const TELEGRAM = `telegram:${CHAT}`;
const OTHER = `telegram:${OTHER_CHAT}`;
const X_ACCOUNT = String(7_700_000_000_000_000_000n + BigInt(randomInt(1, 999_999_999)));
const TWITTER = `twitter:${X_ACCOUNT}`;
const HOUR = 3_600_000;
const T0 = Math.floor((Date.now() - 2 * 86_400_000) / HOUR) * HOUR; // two days ago, on the hour

interface Hit {
  channel: string;
  post_id: string;
  post_type: string;
  text: string;
  score: number;
  highlights: { start: number; end: number }[];
}
interface Answer {
  q: string;
  channels: string[];
  posts: Hit[];
}

let updateId = 0;
const channelPost = (chatId: number, messageId: number, at: number, text: string) => {
  const chat = { id: chatId, title: 'Search test', username: `search_${-chatId}`, type: 'channel' };
  return {
    update_id: ++updateId,
    channel_post: { message_id: messageId, sender_chat: chat, chat, date: Math.floor(at / 1000), text },
  };
};
const tweet = (id: string, at: number, text: string, repliesTo?: string): XPost => ({
  id,
  author_id: X_ACCOUNT,
  created_at: new Date(at).toISOString(),
  text,
  ...(repliesTo ? { referenced_tweets: [{ type: 'replied_to', id: repliesTo }] } : {}),
  public_metrics: { like_count: 1, retweet_count: 0, reply_count: 0, quote_count: 0, impression_count: 10 },
});
/** The marked words of a hit, as a client slicing its text would show them. */
const marked = (hit: Hit) => hit.highlights.map(({ start, end }) => hit.text.slice(start, end));
const ids = (answer: Answer) => answer.posts.map((post) => `${post.channel}/${post.post_id}`);

describe('search across tracked channels: normalized matching, BM25 ranking, filters, tenants', () => {
  let app: RunningApp;
  let mine: TestAccount;
  let theirs: TestAccount;
  const search = (query: string, account = mine) =>
    callApi<Answer>(app, 'GET', `/v1/search?from=${new Date(T0 - HOUR).toISOString()}&${query}`, {
      token: account.token,
    });

  beforeAll(async () => {
    app = await startApp();
    theirs = await useAccount(app, 'pro', [OTHER]);
    mine = await useAccount(app, 'pro', [TELEGRAM, TWITTER]);
    const updates = [
      channelPost(CHAT, 1, T0, 'Новогодняя Ёлка в кафе: обзор каналов'),
      channelPost(CHAT, 2, T0 + HOUR, 'Kafka Streams, Kafka Connect and Kafka again'),
      channelPost(
        CHAT,
        3,
        T0 + 2 * HOUR,
        'A long note on queues, logs, databases and, once, Kafka, among the tools we use',
      ),
      channelPost(CHAT, 4, T0 + 3 * HOUR, 'Café au lait'),
      channelPost(CHAT, 5, T0 + 4 * HOUR, 'Weekly digest'),
      channelPost(CHAT, 6, T0 + 5 * HOUR, 'Weekly digest'),
      channelPost(OTHER_CHAT, 1, T0, 'Kafka café ёлка каналы, not yours'),
    ];
    for (const update of updates) expect((await postUpdate(app, update)).status).toBe(200);
    const intake = openIntake(app.config, createLogger('error'));
    try {
      const posts = [
        tweet('1900000000000000001', T0, 'Kafka tips for the CAFÉ crowd'),
        tweet('1900000000000000002', T0 + HOUR, 'Replying: kafka is fine', '1800000000000000000'),
      ];
      await new PostWriter(intake).write(
        posts.map((value) => ({ value, json: JSON.stringify(value) })),
        { via: 'timeline', observedAt: new Date(T0 + HOUR) },
      );
    } finally {
      await intake.close();
    }
    // Every post through the processors (the other organization's too) before any question.
    await eventually(
      () => search('q=kafka'),
      (answer) => answer.status === 200 && answer.body.posts.length === 4,
      60_000,
    );
    await eventually(
      () => search('q=digest'),
      (answer) => answer.status === 200 && answer.body.posts.length === 2,
    );
    await eventually(
      () => search('q=kafka', theirs),
      (answer) => answer.status === 200 && answer.body.posts.length === 1,
    );
  });
  afterAll(() => app?.stop());

  it('finds posts whatever their case and diacritics, in every tracked channel, and marks the words', async () => {
    const cafe = await search('q=cafe');
    expect(cafe.body.channels).toEqual([TELEGRAM, TWITTER]);
    expect(ids(cafe.body).sort()).toEqual([`${TELEGRAM}/4`, `${TWITTER}/1900000000000000001`]);
    expect(cafe.body.posts.map(marked).sort()).toEqual([['CAFÉ'], ['Café']]);

    const russian = await search(`q=${encodeURIComponent('ЕЛКА Каналами')}`);
    expect(ids(russian.body)).toEqual([`${TELEGRAM}/1`]);
    expect(marked(russian.body.posts[0]!)).toEqual(['Ёлка', 'каналов']);
    expect(russian.body.q).toBe('елк канал');
  });

  it('ranks the more relevant first (more mentions, shorter posts), then the newest', async () => {
    const kafka = await search(`q=KAFKA&channels=${TELEGRAM}`);
    expect(ids(kafka.body)).toEqual([`${TELEGRAM}/2`, `${TELEGRAM}/3`]);
    expect(kafka.body.posts[0]!.score).toBeGreaterThan(kafka.body.posts[1]!.score);
    expect(marked(kafka.body.posts[0]!)).toEqual(['Kafka', 'Kafka', 'Kafka']);
    const equals = await search('q=digest');
    expect(ids(equals.body)).toEqual([`${TELEGRAM}/6`, `${TELEGRAM}/5`]); // equal scores: the newest first
  });

  it('narrows by channel and by post type', async () => {
    const x = await search(`q=kafka&channels=${TWITTER}`);
    expect(ids(x.body).sort()).toEqual([`${TWITTER}/1900000000000000001`, `${TWITTER}/1900000000000000002`]);
    const replies = await search('q=kafka&post_type=reply');
    expect(ids(replies.body)).toEqual([`${TWITTER}/1900000000000000002`]);
    expect(replies.body.posts[0]!.post_type).toBe('reply');
    const both = await search('q=kafka&post_type=reply,channel_post&limit=2');
    expect(ids(both.body)).toHaveLength(2);
  });

  it("never shows another organization's channels, searched by default or named", async () => {
    const everything = await search('q=kafka');
    expect(everything.body.posts.map((post) => post.channel)).not.toContain(OTHER);
    expect(JSON.stringify(everything.body)).not.toContain('not yours');
    const named = await search(`q=kafka&channels=${OTHER}`);
    expect([named.status, code(named.body)]).toEqual([404, 'NOT_FOUND']);
    const theirAnswer = await search('q=kafka', theirs);
    expect([theirAnswer.body.channels, ids(theirAnswer.body)]).toEqual([[OTHER], [`${OTHER}/1`]]);
  });

  it('answers the per-channel search with the same matching and ranking, and refuses bad input', async () => {
    const one = await callApi<Answer>(
      app,
      'GET',
      `/v1/channels/${TELEGRAM}/posts/search?from=${new Date(T0 - HOUR).toISOString()}&q=K%C3%A1fka`,
      { token: mine.token },
    );
    expect(one.body.posts.map((post) => post.post_id)).toEqual(['2', '3']);
    expect(one.body.posts[0]!.highlights).toHaveLength(3);
    const emoji = await search('q=%F0%9F%94%A5'); // no letter or digit: nothing to look for
    expect([emoji.status, emoji.body.q, emoji.body.posts]).toEqual([200, '', []]);
    for (const bad of ['q=kafka&post_type=story', 'q=kafka&channels=telegram:x']) {
      const answer = await search(bad);
      expect([bad, answer.status, code(answer.body)]).toEqual([bad, 400, 'VALIDATION_FAILED']);
    }
  });
});
