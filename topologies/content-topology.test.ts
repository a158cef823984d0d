import type { TelegramUpdateRecord } from '../schemas/records/telegram-update';
import type { TweetRecord } from '../schemas/records/tweet';
import type { EngagementObservation } from '../schemas/content-records';
import { type PostEventRecord, contentTopology } from './content-topology';
import { Serdes, TopologyTestDriver } from './engine';
import { telegramUpdate } from '../schemas/records/telegram-update.fixture';

const TOPICS = { telegramUpdates: 'tg', twitterTweets: 'x', posts: 'posts', engagement: 'engagement' };
const T0 = Date.UTC(2026, 11, 1, 12);

function driver() {
  const topology = contentTopology(TOPICS, {
    telegramUpdate: Serdes.json<TelegramUpdateRecord>(),
    tweet: Serdes.json<TweetRecord>(),
    post: Serdes.json<PostEventRecord>(),
    engagement: Serdes.json<EngagementObservation>(),
  });
  const test = new TopologyTestDriver(topology);
  return {
    test,
    telegram: test.createInputTopic('tg', Serdes.string(), Serdes.json<TelegramUpdateRecord>()),
    x: test.createInputTopic('x', Serdes.string(), Serdes.json<TweetRecord>()),
    posts: test.createOutputTopic('posts', Serdes.string(), Serdes.json<PostEventRecord>()),
    engagement: test.createOutputTopic('engagement', Serdes.string(), Serdes.json<EngagementObservation>()),
  };
}

const update = (updateId: number, type: string, body: object, eventTime: number) =>
  telegramUpdate(type, body, eventTime, updateId);

const post = (updateId: number, text: string) =>
  update(
    updateId,
    'channel_post',
    { message_id: 42, date: T0 / 1000, chat: { id: -1001, type: 'channel' }, text },
    T0,
  );

function tweet(observedAt: number, likes: number): TweetRecord {
  return {
    tweet_id: '1900',
    author_id: '77',
    created_at: T0,
    text: 'Streams in practice #Kafka',
    lang: 'en',
    conversation_id: '1900',
    referenced_type: null,
    referenced_tweet_id: null,
    like_count: likes,
    retweet_count: 0,
    reply_count: 0,
    quote_count: 0,
    bookmark_count: null,
    impression_count: 100,
    observed_via: 'timeline',
    search_query: null,
    observed_at: observedAt,
    payload: '{}',
  };
}

describe('content topology', () => {
  it('normalizes a channel post and its reactions, keyed by channel, without the sink-only fields', async () => {
    const { test, telegram, posts, engagement } = driver();
    await telegram.pipeInput('telegram:-1001', post(1, 'Hello #world'), T0);
    await telegram.pipeInput(
      'telegram:-1001',
      update(
        2,
        'message_reaction_count',
        { chat: { id: -1001 }, message_id: 42, date: T0 / 1000 + 60, reactions: [] },
        T0 + 60_000,
      ),
      T0 + 60_000,
    );
    const written = await posts.readKeyValuesToList();
    expect(written).toEqual([
      {
        key: 'telegram:-1001',
        value: expect.objectContaining({ post_id: '42', event: 'created', hashtags: ['world'] }),
      },
    ]);
    expect(written[0]!.value).not.toHaveProperty('posted_at');
    expect(await engagement.readKeyValuesToList()).toEqual([
      { key: 'telegram:-1001', value: expect.objectContaining({ post_id: '42', reactions: 0 }) },
    ]);
    test.close();
  });

  it('drops a redelivered update (same update id) but keeps an edit of the same post', async () => {
    const { test, telegram, posts } = driver();
    await telegram.pipeInput('telegram:-1001', post(1, 'Hello'), T0);
    await telegram.pipeInput('telegram:-1001', post(1, 'Hello'), T0);
    await telegram.pipeInput(
      'telegram:-1001',
      update(
        3,
        'edited_channel_post',
        {
          message_id: 42,
          date: T0 / 1000,
          edit_date: T0 / 1000 + 30,
          chat: { id: -1001, type: 'channel' },
          text: 'Hello again',
        },
        T0 + 30_000,
      ),
      T0 + 30_000,
    );
    expect((await posts.readKeyValuesToList()).map((r) => r.value.event)).toEqual(['created', 'edited']);
    test.close();
  });

  it('emits an X post once however often it is observed, and every new observation of its metrics', async () => {
    const { test, x, posts, engagement } = driver();
    await x.pipeInput('twitter:77', tweet(T0 + 60_000, 1), T0 + 60_000);
    await x.pipeInput('twitter:77', tweet(T0 + 60_000, 1), T0 + 60_000);
    await x.pipeInput('twitter:77', tweet(T0 + 120_000, 5), T0 + 120_000);
    expect(await posts.readKeyValuesToList()).toHaveLength(1);
    expect((await engagement.readKeyValuesToList()).map((r) => r.value.likes)).toEqual([1, 5]);
    test.close();
  });
});
