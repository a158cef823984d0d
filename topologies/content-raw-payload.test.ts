import type { ContentBatch } from '../schemas/content-records';
import { contentAppDriver } from './content-app.fixture';
import { clickhouseContentSink } from './content-sinks';
import { telegramUpdate } from '../schemas/records/telegram-update.fixture';
import { tweetRecord } from '../schemas/records/tweet.fixture';

const T0 = Date.UTC(2026, 11, 1, 12);
const message = { message_id: 42, date: T0 / 1000, chat: { id: -1001, type: 'channel' }, text: 'hi' };

/** The content app with its content sink over a table that keeps every batch. */
function start() {
  const batches: ContentBatch[] = [];
  const content = clickhouseContentSink({
    write: async (batch) => {
      batches.push(batch);
      return new Set<string>();
    },
  });
  const { telegram, x } = contentAppDriver({ content });
  return { posts: () => batches.flatMap((batch) => batch.posts), telegram, x };
}

describe('a post stored with its raw record', () => {
  it('carries where its Telegram update was read, when it was received, and its message object', async () => {
    const { telegram, posts } = start();
    const reaction = { chat: { id: -1001 }, message_id: 42, date: T0 / 1000, reactions: [] };
    await telegram.pipeInput('telegram:-1001', telegramUpdate('message_reaction_count', reaction, T0, 1), T0);
    await telegram.pipeInput('telegram:-1001', telegramUpdate('channel_post', message, T0, 2), T0);
    expect(posts()).toHaveLength(1);
    const { raw } = posts()[0]!;
    // The test driver numbers input records from 1: the post is the second.
    expect(raw).toEqual({
      topic: 'tg',
      partition: 0,
      offset: '2',
      receivedAt: T0 + 500,
      payload: expect.any(String),
    });
    expect(JSON.parse(raw!.payload)).toEqual(message);
  });

  it('carries the X post as the poller received it', async () => {
    const { x, posts } = start();
    const payload = JSON.stringify({ id: '1900', text: 'Streams', author_id: '77' });
    const tweet = tweetRecord({
      created_at: T0,
      text: 'Streams',
      like_count: 1,
      observed_at: T0 + 60_000,
      payload,
    });
    await x.pipeInput('twitter:77', tweet, T0);
    expect(posts().map((post) => post.raw)).toEqual([
      { topic: 'x', partition: 0, offset: '1', receivedAt: T0 + 60_000, payload },
    ]);
  });
});
