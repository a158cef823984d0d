import pino from 'pino';
import {
  DEMO_CHANNELS,
  prepareDemoAccount,
  replayAudienceHistory,
  replayStripe,
  replayTelegram,
  replayTwitter,
} from '../connectors/replay/replay-sources';
import { SPIKE_DAYS_AGO } from '../connectors/replay/sample-audience';
import { eventually } from './support/eventually';
import { sampleStripeEvents } from '../connectors/replay/sample-stripe';
import { sampleTelegramUpdates } from '../connectors/replay/sample-telegram';
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

describe('the demo account the main job prints (replay, then sign-in)', () => {
  let app: RunningApp;
  let token: string;
  const read = async (path: string) => {
    const answer = await fetch(`${app.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    app = await startApp();
    // In the main job's order (replay.ts): the history's samples are weeks older than the live
    // updates the same task has read before them, and are still counted.
    await replayTelegram(app.baseUrl, app.config);
    expect(await replayAudienceHistory(app.config, pino({ level: 'silent' }))).toEqual({
      stored: 29,
      refused: 0,
    });
    ({ token } = await prepareDemoAccount(app.baseUrl, app.config));
  });
  afterAll(() => app?.stop());

  it('tracks the channel, the group and the X account, three as the Free plan allows', async () => {
    const { body } = await read('/v1/channels');
    const channels = (body.channels as { channel: string }[]).map((c) => c.channel);
    expect(channels.sort()).toEqual(Object.values(DEMO_CHANNELS).sort());
    // A second run of the main job signs in and leaves the same three.
    await prepareDemoAccount(app.baseUrl, app.config);
    expect(((await read('/v1/channels')).body.channels as unknown[]).length).toBe(3);
  });

  it("forecasts the channel's members, and flags the day of the jump", async () => {
    const forecast = await eventually(
      () => read(`/v1/channels/${DEMO_CHANNELS.channel}/audience/forecast`),
      (answer) => answer.body.status === 'ok',
      60_000,
    );
    expect(forecast.body.history_days).toBeGreaterThanOrEqual(28);
    const from = new Date(Date.now() - 14 * 86_400_000).toISOString();
    const spikeDay = new Date(Date.now() - SPIKE_DAYS_AGO * 86_400_000).toISOString().slice(0, 10);
    const audience = await eventually(
      () => read(`/v1/channels/${DEMO_CHANNELS.channel}/audience?granularity=day&from=${from}`),
      (answer) => ((answer.body.windows as { anomaly?: unknown }[] | undefined) ?? []).some((w) => w.anomaly),
      60_000,
    );
    const flagged = (audience.body.windows as { window_start: string; anomaly?: unknown }[]).filter(
      (w) => w.anomaly,
    );
    expect(flagged.map((w) => w.window_start.slice(0, 10))).toEqual([spikeDay]);
  });

  it("reads the connected group's active members and top members", async () => {
    const activity = await eventually(
      () => read(`/v1/channels/${DEMO_CHANNELS.group}/group/activity`),
      (answer) => answer.status === 200 && Number((answer.body.totals as { messages?: number }).messages) > 0,
      60_000,
    );
    expect(Number((activity.body.totals as { active_members: number }).active_members)).toBeGreaterThan(0);
    const top = await read(`/v1/channels/${DEMO_CHANNELS.group}/group/members/top`);
    expect((top.body.members as unknown[]).length).toBeGreaterThan(0);
  });

  it("ranks the group's members by the replies they received in the sample", async () => {
    // From the sample alone: a reply counts for the replied message's author, when that is not the replier.
    type Message = { chat: { id: number }; from: { id: number }; reply_to_message?: Message };
    const received = new Map<string, number>();
    for (const update of sampleTelegramUpdates(0)) {
      const message = update.message as Message | undefined;
      const replied = message?.reply_to_message;
      if (message === undefined || replied === undefined) continue;
      if (`telegram:${message.chat.id}` !== DEMO_CHANNELS.group || replied.from.id === message.from.id)
        continue;
      received.set(String(replied.from.id), (received.get(String(replied.from.id)) ?? 0) + 1);
    }
    const expected = [...received.entries()]
      .map(([member_id, replies_received]) => ({ member_id, replies_received }))
      .sort((a, b) => b.replies_received - a.replies_received || a.member_id.localeCompare(b.member_id));
    expect(expected.length).toBeGreaterThan(1);
    const path = `/v1/channels/${DEMO_CHANNELS.group}/group/members/top?by=replies_received&limit=20`;
    const ranked = (answer: Awaited<ReturnType<typeof read>>) =>
      ((answer.body.members ?? []) as { member_id: string; replies_received: number }[]).map(
        ({ member_id, replies_received }) => ({ member_id, replies_received }),
      );
    const top = await eventually(
      () => read(path),
      // As text: the answer's arrays come from fetch's realm, which a strict comparison tells apart.
      (answer) => JSON.stringify(ranked(answer)) === JSON.stringify(expected),
      60_000,
    ).catch(() => read(path));
    expect(ranked(top)).toEqual(expected);
  });
});
