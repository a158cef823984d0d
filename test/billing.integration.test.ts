import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { createRedis } from '../platform/clients/redis';
import { type RunningApp, callApi, opsUrl, signUp, startApp, type TestAccount } from './support/app';
import { eventually } from './support/eventually';
import { postStripeEvent, stripeEvent } from './support/stripe-events';

interface SubscriptionBody {
  plan: string;
  status: string | null;
  cancel_at_period_end: boolean;
  current_period_end: string | null;
}

/**
 * Billing end to end: the API starts Checkout against stripe-mock, Stripe's signed events go
 * through the real webhook into Kafka, and the processors apply them to the organization's plan.
 */
describe('billing: plans follow verified Stripe events', () => {
  let app: RunningApp;
  let owner: TestAccount;
  let postgres: Pool;
  let customer = ''; // the Stripe customer the API creates at checkout
  const subscription = `sub_${randomBytes(8).toString('hex')}`;
  const t0 = Math.floor(Date.now() / 1000) - 600;

  const send = async (event: { id: string }) => {
    const { response } = postStripeEvent(app.baseUrl, event, app.config.stripe.webhookSecret);
    expect((await response).status).toBe(200);
    return event;
  };
  const subscriptionObject = (status: string, extra: Record<string, unknown> = {}) => ({
    id: subscription,
    object: 'subscription',
    customer,
    status,
    cancel_at_period_end: false,
    current_period_start: t0,
    current_period_end: t0 + 30 * 86_400,
    items: {
      object: 'list',
      data: [
        {
          id: 'si_1',
          object: 'subscription_item',
          price: { id: app.config.stripe.prices.pro, object: 'price' },
        },
      ],
    },
    metadata: { organization_id: owner.organizationId, plan: 'pro' },
    ...extra,
  });
  const state = () =>
    callApi<SubscriptionBody>(app, 'GET', '/v1/billing/subscription', { token: owner.token });
  const settled = (accept: (s: SubscriptionBody) => boolean) =>
    eventually(state, (r) => r.status === 200 && accept(r.body), 30_000, 300).then((r) => r.body);

  beforeAll(async () => {
    app = await startApp();
    postgres = new Pool({ connectionString: app.config.postgres.url });
    owner = await signUp(app, 'Billing test');
  });
  afterAll(async () => {
    // Leave no organization behind for the next run.
    await postgres?.query('DELETE FROM organizations WHERE id = $1', [owner?.organizationId]);
    await postgres?.end();
    await app?.stop();
  });

  it('starts Checkout for Pro, and the plan changes only when the verified events arrive', async () => {
    const checkout = await callApi<{ id: string; url: string }>(app, 'POST', '/v1/billing/checkout', {
      token: owner.token,
      body: {
        plan: 'pro',
        success_url: 'https://app.example.com/billing/ok',
        cancel_url: 'https://app.example.com/billing',
      },
    });
    expect(checkout.status).toBe(201);
    expect(checkout.body.id).toMatch(/^cs_/);
    const { rows } = await postgres.query<{ stripe_customer_id: string }>(
      'SELECT stripe_customer_id FROM organizations WHERE id = $1',
      [owner.organizationId],
    );
    customer = rows[0]!.stripe_customer_id;
    expect(customer).toMatch(/^cus_/);
    expect((await state()).body.plan).toBe('free'); // the browser coming back proves nothing

    await send(
      stripeEvent(
        'checkout.session.completed',
        {
          id: 'cs_test_1',
          object: 'checkout.session',
          mode: 'subscription',
          customer,
          subscription,
          client_reference_id: owner.organizationId,
          metadata: { organization_id: owner.organizationId, plan: 'pro' },
        },
        t0,
      ),
    );
    await send(stripeEvent('customer.subscription.created', subscriptionObject('active'), t0 + 1));
    const active = await settled((s) => s.plan === 'pro' && s.current_period_end !== null); // both events applied
    expect(active).toMatchObject({ plan: 'pro', status: 'active', cancel_at_period_end: false });
    expect(active.current_period_end).toBe(
      new Date((t0 + 30 * 86_400) * 1000).toISOString().replace('.000Z', 'Z'),
    );
    const hourly = await callApi(app, 'POST', '/v1/channels', {
      token: owner.token,
      body: { channel: 'telegram:-1002000000001' },
    });
    expect(hourly.status).toBe(201);
    const invoices = await callApi<{ invoices: unknown[] }>(app, 'GET', '/v1/billing/invoices', {
      token: owner.token,
    });
    expect(invoices.status).toBe(200);
  });

  it('applies each event once and never an older one over a newer one', async () => {
    // A renewal moves the period end; the cancellation flag stays for the last test to change.
    const periodEnd = (days: number) => ({ current_period_end: t0 + days * 86_400 });
    const iso = (days: number) => new Date((t0 + days * 86_400) * 1000).toISOString().replace('.000Z', 'Z');
    const newer = await send(
      stripeEvent('customer.subscription.updated', subscriptionObject('active', periodEnd(60)), t0 + 20),
    );
    await settled((s) => s.current_period_end === iso(60));
    // An older update arriving late, and the newer one delivered again after Redis forgot it.
    await send(
      stripeEvent('customer.subscription.updated', subscriptionObject('active', periodEnd(45)), t0 + 10),
    );
    const redis = createRedis(app.config.redis);
    await redis.connect();
    await redis.del(`${app.config.kafka.topicPrefix}stripe:event:${newer.id}`);
    redis.disconnect();
    await send(newer);
    const exposition = async () => (await fetch(`${opsUrl(app)}/metrics`)).text();
    await eventually(
      exposition,
      (text) =>
        /topology="subscription-state",outcome="stale"\} 1/.test(text) &&
        /outcome="duplicate"\} 1/.test(text),
      30_000,
      300,
    );
    expect((await state()).body).toMatchObject({
      plan: 'pro',
      current_period_end: iso(60),
      cancel_at_period_end: false,
    });
  });

  it('moves to past_due on a failed payment without losing data, and back to active when paid', async () => {
    const invoice = {
      id: 'in_1',
      object: 'invoice',
      customer,
      subscription,
      status: 'open',
      amount_due: 2999,
    };
    await send(stripeEvent('invoice.payment_failed', invoice, t0 + 30));
    expect(await settled((s) => s.status === 'past_due')).toMatchObject({ plan: 'pro', status: 'past_due' });
    const channels = await callApi<{ channels: unknown[] }>(app, 'GET', '/v1/channels', {
      token: owner.token,
    });
    expect(channels.body.channels).toHaveLength(1);
    const text = await (await fetch(`${opsUrl(app)}/metrics`)).text();
    expect(text).toMatch(/social_analytics_billing_payments_failed_total 1/);
    expect(text).toMatch(/social_analytics_billing_active_subscriptions\{plan="pro"\} [1-9]/);

    await send(stripeEvent('invoice.paid', { ...invoice, status: 'paid' }, t0 + 40));
    expect(await settled((s) => s.status === 'active')).toMatchObject({ plan: 'pro' });
  });

  it('cancels at period end: Pro until Stripe ends the subscription, then Free', async () => {
    await send(
      stripeEvent(
        'customer.subscription.updated',
        subscriptionObject('active', { cancel_at_period_end: true }),
        t0 + 50,
      ),
    );
    expect(await settled((s) => s.cancel_at_period_end)).toMatchObject({ plan: 'pro', status: 'active' });
    await send(
      stripeEvent(
        'customer.subscription.deleted',
        subscriptionObject('canceled', { cancel_at_period_end: true }),
        t0 + 60,
      ),
    );
    expect(await settled((s) => s.plan === 'free')).toMatchObject({ plan: 'free', status: 'canceled' });
  });
});
