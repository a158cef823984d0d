import type { StripeEventRecord } from '../schemas/records/stripe-event';
import { AvroSerde } from '../schemas/serde/avro-serde';
import { TOPICS, TopicNames } from '../schemas/topics';
import { errorCode, startApp, type RunningApp } from './support/app';
import { checkoutSessionCompleted, invoicePaymentFailed, postStripeEvent } from './support/stripe-events';
import { countRecords, readTopic } from './support/topic-reader';

/** Issue 4, Stripe: verify, store first, deduplicate, then answer. */
describe('Stripe webhook', () => {
  let app: RunningApp;
  let topic: string;
  let secret: string;
  beforeAll(async () => {
    app = await startApp({ ROLES: 'connectors' });
    topic = app.config.kafka.topicPrefix + TOPICS.stripeEvents;
    secret = app.config.stripe.webhookSecret;
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('stores a verified event, keyed by its customer, with the original JSON, then answers 200', async () => {
    const event = checkoutSessionCompleted('cus_checkout_1');
    const { payload, response } = postStripeEvent(app.baseUrl, event, secret);
    expect((await response).status).toBe(200);
    const records = await readTopic(topic);
    expect(records).toHaveLength(1);
    expect(records[0]!.key).toBe('cus_checkout_1');
    expect(records[0]!.headers['stripe.event_id']).toBe(event.id);
    const serde = new AvroSerde(app.config.schemaRegistry.url, new TopicNames(app.config.kafka.topicPrefix));
    const stored = await serde.decode<StripeEventRecord>(records[0]!.value!);
    expect(stored).toMatchObject({
      event_id: event.id,
      event_type: 'checkout.session.completed',
      customer_id: 'cus_checkout_1',
      object_id: event.data.object.id,
      livemode: false,
      api_version: '2024-06-20',
      created_at: event.created * 1000,
    });
    expect(stored.payload).toBe(payload);
  });

  it('answers 400 with STRIPE_SIGNATURE_INVALID to a wrong, stale or missing signature, and stores nothing', async () => {
    const before = await countRecords(topic);
    const wrong = postStripeEvent(app.baseUrl, invoicePaymentFailed(), 'whsec_not_the_secret');
    const stale = postStripeEvent(app.baseUrl, invoicePaymentFailed(), secret, {
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    const missing = postStripeEvent(app.baseUrl, invoicePaymentFailed(), secret, { signature: null });
    for (const { response } of [wrong, stale, missing]) {
      const answer = await response;
      expect(answer.status).toBe(400);
      expect(await errorCode(answer)).toBe('STRIPE_SIGNATURE_INVALID');
    }
    expect(await countRecords(topic)).toBe(before);
  });

  it('stores an event delivered twice once, and acknowledges both deliveries', async () => {
    const before = await countRecords(topic);
    const event = invoicePaymentFailed('cus_retry_1');
    const first = await postStripeEvent(app.baseUrl, event, secret).response;
    const second = await postStripeEvent(app.baseUrl, event, secret).response;
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await second.json()).toEqual({ received: true, duplicate: true });
    expect(await countRecords(topic)).toBe(before + 1);
  });
});
