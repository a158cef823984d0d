import type { StripeEventRecord } from '../../schemas/records/stripe-event';
import type Stripe from 'stripe';

/** The customer an event's object belongs to: the object itself when it is a customer. */
function customerOf(object: Record<string, unknown>): string | null {
  if (object.object === 'customer' && typeof object.id === 'string') return object.id;
  const customer = object.customer;
  if (typeof customer === 'string') return customer;
  if (customer && typeof customer === 'object' && typeof (customer as { id?: unknown }).id === 'string') {
    return (customer as { id: string }).id;
  }
  return null;
}

/** A verified event as the topic stores it: typed fields billing needs, plus the raw JSON. */
export function toStripeEventRecord(event: Stripe.Event, raw: string, receivedAt: Date): StripeEventRecord {
  const object = event.data.object as unknown as Record<string, unknown>;
  return {
    event_id: event.id,
    event_type: event.type,
    customer_id: customerOf(object),
    object_id: typeof object.id === 'string' ? object.id : null,
    livemode: event.livemode,
    api_version: event.api_version ?? null,
    created_at: event.created * 1000,
    received_at: receivedAt.getTime(),
    payload: raw,
  };
}

/** Records of one customer share a partition, so billing sees them in order; else the event id. */
export function stripeEventKey(record: StripeEventRecord): string {
  return record.customer_id ?? record.event_id;
}
