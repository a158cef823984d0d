import pino from 'pino';
import { replayStripe, replayTelegram, replayTwitter } from '../connectors/replay/replay-sources';
import { sampleStripeEvents } from '../connectors/replay/sample-stripe';
import type { StripeEventRecord } from '../schemas/records/stripe-event';
import { ANALYTICS_UPDATE_TYPES } from '../connectors/telegram/update-record';
import { type TelegramUpdateRecord } from '../schemas/records/telegram-update';
import type { TweetRecord } from '../schemas/records/tweet';
import { AvroSerde } from '../schemas/serde/avro-serde';
import { TOPICS, TopicNames, type TopicName } from '../schemas/topics';
import { startApp, type RunningApp } from './support/app';
import { readTopic } from './support/topic-reader';

describe('the bundled sample replay (what the main job runs)', () => {
  let app: RunningApp;
  let serde: AvroSerde;
  const decoded = async <T>(topic: TopicName) => {
    const records = await readTopic(app.config.kafka.topicPrefix + topic);
    return Promise.all(records.map(async (r) => ({ key: r.key, value: await serde.decode<T>(r.value!) })));
  };

  beforeAll(async () => {
    app = await startApp({ ROLES: 'connectors' });
    serde = new AvroSerde(app.config.schemaRegistry.url, new TopicNames(app.config.kafka.topicPrefix));
  });
  afterAll(() => app?.stop());

  it('stores every analysed Telegram update type through the webhook, each keyed by its chat', async () => {
    expect(await replayTelegram(app.baseUrl, app.config)).toEqual({ stored: 400, refused: 0 });
    const updates = await decoded<TelegramUpdateRecord>(TOPICS.telegramUpdates);
    expect(updates).toHaveLength(400);
    expect(new Set(updates.map((u) => u.value.update_type))).toEqual(new Set(ANALYTICS_UPDATE_TYPES));
    expect(updates.every((u) => u.key === `telegram:${u.value.chat_id}`)).toBe(true);
  });

  it('stores the Stripe events through the signed webhook once, however often they are replayed', async () => {
    const count = sampleStripeEvents(0).length;
    expect(await replayStripe(app.baseUrl, app.config)).toEqual({ stored: count, refused: 0 });
    expect(await replayStripe(app.baseUrl, app.config)).toEqual({ stored: count, refused: 0 }); // answered as duplicates
    const events = await decoded<StripeEventRecord>(TOPICS.stripeEvents);
    expect(events).toHaveLength(count);
    expect(new Set(events.map((e) => e.value.event_type))).toEqual(
      new Set([
        'checkout.session.completed',
        'customer.subscription.created',
        'customer.subscription.updated',
        'customer.subscription.deleted',
        'invoice.paid',
        'invoice.payment_failed',
      ]),
    );
    expect(new Set(events.map((e) => e.key))).toEqual(new Set(['cus_sample_pro', 'cus_sample_enterprise']));
  });

  it('stores the X sample posts and follower counts as the poller would', async () => {
    expect(await replayTwitter(app.config, pino({ level: 'silent' }))).toEqual({ stored: 120, refused: 0 });
    const posts = await decoded<TweetRecord>(TOPICS.twitterTweets);
    expect(posts).toHaveLength(120);
    expect(
      posts.every((p) => p.key === `twitter:${p.value.author_id}` && p.value.observed_via === 'timeline'),
    ).toBe(true);
    expect(await decoded(TOPICS.channelStats)).toHaveLength(3);
  });
});
