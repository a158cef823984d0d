import { errorCode, getJson, opsUrl, postUpdate, startApp, useAccount, type RunningApp } from './support/app';
import { eventually } from './support/eventually';
import { stack } from './support/stack';
import { invoicePaymentFailed, postStripeEvent } from './support/stripe-events';
import { CHANNEL_ID, channelPost } from './support/telegram-updates';
import { countRecords } from './support/topic-reader';
import { TOPICS } from '../schemas/topics';

/**
 * The broker stops mid-stream: the webhook answers 503 (nothing acknowledged, so Telegram keeps the
 * update and retries), and once the broker is back the retried update is stored and counted.
 */
describe('Webhooks while Kafka is down', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ KAFKA_PRODUCE_TIMEOUT_MS: '4000' });
    await useAccount(app, 'pro', [`telegram:${CHANNEL_ID}`]);
  });
  afterAll(async () => {
    await stack('up', 'kafka');
    await app?.stop();
  });

  const kafkaReady = async () => {
    const ready = await fetch(`${opsUrl(app)}/readyz`);
    const body = (await ready.json()) as { dependencies: Record<string, { ok: boolean }> };
    return body.dependencies.kafka?.ok === true;
  };

  it('answers 503 while the broker is stopped and loses nothing once it is back', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await postUpdate(app, channelPost(700_001, 1, now))).status).toBe(200);
    expect(await kafkaReady()).toBe(true);

    await stack('down', 'kafka');
    const refused = await postUpdate(app, channelPost(700_002, 2, now));
    expect(refused.status).toBe(503);
    expect(await errorCode(refused)).toBe('KAFKA_UNAVAILABLE');
    expect(await kafkaReady()).toBe(false);
    // Stripe's webhook keeps the same contract: 503, so Stripe retries the event later.
    const payment = invoicePaymentFailed('cus_outage_1');
    const secret = app.config.stripe.webhookSecret;
    const refusedPayment = await postStripeEvent(app.baseUrl, payment, secret).response;
    expect(refusedPayment.status).toBe(503);

    await stack('up', 'kafka');
    // The process's long-lived admin client finds the broker again on its own.
    await eventually(kafkaReady, (ok) => ok, 60_000, 500);
    // Telegram redelivers the refused update until it gets a 2xx.
    await eventually(
      async () => (await postUpdate(app, channelPost(700_002, 2, now))).status,
      (status) => status === 200,
      90_000,
      1000,
    );
    // Stripe retries the refused event; it is stored once, not remembered as seen before.
    const retried = await eventually(
      async () => (await postStripeEvent(app.baseUrl, payment, secret).response).status,
      (status) => status === 200,
      30_000,
      1000,
    );
    expect(retried).toBe(200);
    expect(await countRecords(app.config.kafka.topicPrefix + TOPICS.stripeEvents)).toBe(1);
    const path = `/v1/channels/telegram:${CHANNEL_ID}/metrics?granularity=hour`;
    const total = (r: { body: { windows: { posts: number }[] } }) =>
      r.body.windows.reduce((s, w) => s + w.posts, 0);
    const metrics = await eventually(
      () => getJson(app, path),
      (r) => r.status === 200 && total(r) === 2,
      90_000,
      500,
    );
    expect(total(metrics)).toBe(2);
  });
});
