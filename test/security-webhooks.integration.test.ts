import Stripe from 'stripe';
import { TOPICS } from '../schemas/topics';
import { errorCode, startApp, type RunningApp } from './support/app';
import { slowClient, statusOf } from './support/slow-client';
import { invoicePaymentFailed, postStripeEvent } from './support/stripe-events';
import { countRecords, readTopic } from './support/topic-reader';

/**
 * Issue 16, finding 9 (webhooks): the Telegram webhook read the body before checking the secret;
 * Stripe events signed with a timestamp in the future passed; a signed event without
 * `data.object` answered 500.
 */
describe('webhook hardening (issue 16, finding 9)', () => {
  let app: RunningApp;
  let stripeTopic: string;
  beforeAll(async () => {
    app = await startApp({ ROLES: 'connectors' });
    stripeTopic = app.config.kafka.topicPrefix + TOPICS.stripeEvents;
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('answers a wrong Telegram secret with 401 before reading the body, and closes', async () => {
    const port = Number(new URL(app.baseUrl).port);
    const result = await slowClient(
      port,
      'POST /api/social/telegram/webhook HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        'X-Telegram-Bot-Api-Secret-Token: not-the-secret\r\nContent-Length: 1000000\r\n\r\n{"update_id":',
      { giveUpMs: 5000 },
    );
    // Before: no answer at all until the megabyte had arrived (or Node's 300 s request timeout).
    expect(statusOf(result.answer)).toBe(401);
    expect(result.answer).toMatch(/UNAUTHORIZED/);
    expect(result.closedAfterMs).toBeLessThan(5000);
  });

  it('refuses a Stripe signature dated beyond the 5-minute skew with STRIPE_TIMESTAMP_IN_FUTURE, stores nothing', async () => {
    const before = await countRecords(stripeTopic);
    const secret = app.config.stripe.webhookSecret;
    const future = postStripeEvent(app.baseUrl, invoicePaymentFailed(), secret, {
      timestamp: Math.floor(Date.now() / 1000) + 3600,
    });
    const answer = await future.response;
    expect(answer.status).toBe(400);
    expect(await errorCode(answer)).toBe('STRIPE_TIMESTAMP_IN_FUTURE');
    expect(await countRecords(stripeTopic)).toBe(before);
    // Within the skew (a sender's clock a minute fast) it is taken.
    const skewed = postStripeEvent(app.baseUrl, invoicePaymentFailed(), secret, {
      timestamp: Math.floor(Date.now() / 1000) + 60,
    });
    expect((await skewed.response).status).toBe(200);
  });

  it('dead-letters a signed event without data.object with its reason, instead of answering 500', async () => {
    const event = invoicePaymentFailed() as { data?: unknown };
    delete event.data;
    const { payload, response } = postStripeEvent(app.baseUrl, event, app.config.stripe.webhookSecret);
    const answer = await response;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ received: true, dead_lettered: true });
    const dead = await readTopic(`${stripeTopic}.dlq`);
    expect(dead).toHaveLength(1);
    expect(dead[0]!.value!.toString('utf8')).toBe(payload);
    expect(dead[0]!.headers['dlq.error.code']).toBe('STRIPE_EVENT_INVALID');
    expect(dead[0]!.headers['dlq.error.message']).toMatch(/data/);
  });

  it('dead-letters a signed body that is not JSON', async () => {
    const payload = 'not json';
    const signature = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: app.config.stripe.webhookSecret,
    });
    const answer = await fetch(`${app.baseUrl}/api/billing/stripe/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      body: payload,
    });
    expect(answer.status).toBe(200);
    const dead = await readTopic(`${stripeTopic}.dlq`);
    expect(dead.map((record) => record.headers['dlq.error.message'])).toContain(
      'the signed body is not JSON',
    );
  });
});
