import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { stripeEventOf } from '../../connectors/replay/sample-stripe';

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/** A Stripe event in the shape Stripe sends it (API version 2024-06-20), with fresh ids. */
export function stripeEvent(
  type: string,
  object: Record<string, unknown>,
  created = Math.floor(Date.now() / 1000),
) {
  return {
    ...stripeEventOf(id('evt'), type, object, created),
    request: { id: id('req'), idempotency_key: randomBytes(16).toString('hex') },
  };
}

export function checkoutSessionCompleted(customer = id('cus')) {
  return stripeEvent('checkout.session.completed', {
    id: id('cs_test'),
    object: 'checkout.session',
    mode: 'subscription',
    status: 'complete',
    payment_status: 'paid',
    customer,
    subscription: id('sub'),
    amount_total: 2999,
    currency: 'usd',
    client_reference_id: 'org_42',
    metadata: { organization_id: 'org_42', plan: 'pro' },
  });
}

export function invoicePaymentFailed(customer = id('cus')) {
  return stripeEvent('invoice.payment_failed', {
    id: id('in'),
    object: 'invoice',
    customer,
    subscription: id('sub'),
    status: 'open',
    amount_due: 9999,
    attempt_count: 1,
    currency: 'usd',
  });
}

/** Posts an event to the webhook signed as Stripe signs it (or with another secret or time). */
export function postStripeEvent(
  baseUrl: string,
  event: unknown,
  secret: string,
  options: { timestamp?: number; signature?: string | null } = {},
) {
  const payload = JSON.stringify(event, null, 2);
  const signature =
    options.signature === undefined
      ? Stripe.webhooks.generateTestHeaderString({
          payload,
          secret,
          ...(options.timestamp ? { timestamp: options.timestamp } : {}),
        })
      : options.signature;
  return {
    payload,
    response: fetch(`${baseUrl}/api/billing/stripe/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature === null ? {} : { 'stripe-signature': signature }),
      },
      body: payload,
    }),
  };
}
