/**
 * A small, fixed sample of Stripe billing traffic in Stripe's event shape (API version
 * 2024-06-20): one organization subscribing to Pro and renewing, one to Enterprise whose first
 * renewal fails, is paid on retry, and which then cancels. Ids are fixed, so replaying twice is
 * deduplicated by event id like a redelivery from Stripe; times move with `now`.
 */
export interface SampleStripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

/** A Stripe event around `object`, as Stripe sends it. */
export function stripeEventOf(
  id: string,
  type: string,
  object: Record<string, unknown>,
  created: number,
): SampleStripeEvent {
  return {
    id,
    object: 'event',
    api_version: '2024-06-20',
    created,
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

const PLANS = {
  pro: { price: 'price_sample_pro_monthly', amount: 2999 },
  enterprise: { price: 'price_sample_enterprise_monthly', amount: 9999 },
} as const;

function lifecycle(
  n: number,
  plan: keyof typeof PLANS,
  start: number,
  renewalFails: boolean,
): SampleStripeEvent[] {
  const customer = `cus_sample_${plan}`;
  const subscription = `sub_sample_${plan}`;
  const { price, amount } = PLANS[plan];
  const month = 30 * 24 * 3600;
  const sub = (status: string, extra: Record<string, unknown> = {}) => ({
    id: subscription,
    object: 'subscription',
    customer,
    status,
    current_period_start: start,
    current_period_end: start + month,
    cancel_at_period_end: false,
    items: {
      object: 'list',
      data: [
        {
          id: `si_sample_${plan}`,
          object: 'subscription_item',
          price: {
            id: price,
            object: 'price',
            unit_amount: amount,
            currency: 'usd',
            recurring: { interval: 'month' },
          },
        },
      ],
    },
    metadata: { plan },
    ...extra,
  });
  const invoice = (suffix: string, status: string, extra: Record<string, unknown> = {}) => ({
    id: `in_sample_${plan}_${suffix}`,
    object: 'invoice',
    customer,
    subscription,
    status,
    amount_due: amount,
    amount_paid: status === 'paid' ? amount : 0,
    currency: 'usd',
    billing_reason: suffix === 'first' ? 'subscription_create' : 'subscription_cycle',
    ...extra,
  });
  const event = (i: number, type: string, object: Record<string, unknown>, at: number) =>
    stripeEventOf(`evt_sample_${n}_${i}`, type, object, at);
  const events = [
    event(
      1,
      'checkout.session.completed',
      {
        id: `cs_sample_${plan}`,
        object: 'checkout.session',
        mode: 'subscription',
        status: 'complete',
        payment_status: 'paid',
        customer,
        subscription,
        amount_total: amount,
        currency: 'usd',
        client_reference_id: `org_sample_${plan}`,
        metadata: { plan },
      },
      start,
    ),
    event(2, 'customer.subscription.created', sub('active'), start + 1),
    event(3, 'invoice.paid', invoice('first', 'paid'), start + 2),
  ];
  if (!renewalFails) return [...events, event(4, 'invoice.paid', invoice('renewal', 'paid'), start + month)];
  return [
    ...events,
    event(4, 'invoice.payment_failed', invoice('renewal', 'open', { attempt_count: 1 }), start + month),
    event(5, 'customer.subscription.updated', sub('past_due'), start + month + 1),
    event(6, 'invoice.paid', invoice('renewal', 'paid', { attempt_count: 2 }), start + month + 3 * 24 * 3600),
    event(
      7,
      'customer.subscription.updated',
      sub('active', { cancel_at_period_end: true }),
      start + month + 4 * 24 * 3600,
    ),
    event(
      8,
      'customer.subscription.deleted',
      sub('canceled', { ended_at: start + 2 * month }),
      start + 2 * month,
    ),
  ];
}

/** The sample's events in time order, the last ending before `nowSeconds`. */
export function sampleStripeEvents(nowSeconds: number): SampleStripeEvent[] {
  const day = 24 * 3600;
  return [
    ...lifecycle(1, 'pro', nowSeconds - 45 * day, false),
    ...lifecycle(2, 'enterprise', nowSeconds - 70 * day, true),
  ].sort((a, b) => a.created - b.created);
}
