import { PLAN_IDS, type PlanId } from './plans';

/** What one verified Stripe event says about an organization's subscription. */
export interface SubscriptionChange {
  /** The organization the event names itself (checkout reference or subscription metadata). */
  organizationId?: string;
  customerId: string | null;
  subscriptionId?: string;
  plan?: PlanId;
  status?: string;
  /** invoice.paid: back to active, but only from past_due (a paid invoice revives nothing else). */
  recoversPastDue?: boolean;
  currentPeriodEnd?: Date | null;
  cancelAtPeriodEnd?: boolean;
  paymentFailed?: boolean;
}

type Json = Record<string, unknown>;
const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
const obj = (value: unknown) => (value && typeof value === 'object' ? (value as Json) : {});
const idOf = (value: unknown) => str(value) ?? str(obj(value).id);

/** Statuses in which the paid plan stays on: a failed payment keeps features and data while Stripe retries. */
const KEEPS_PLAN = new Set(['active', 'trialing', 'past_due']);

function planOf(subscription: Json, prices: Record<'pro' | 'enterprise', string>): PlanId | undefined {
  const item = obj((obj(subscription.items).data as unknown[] | undefined)?.[0]);
  const price = idOf(item.price);
  if (price === prices.pro) return 'pro';
  if (price === prices.enterprise) return 'enterprise';
  const named = str(obj(subscription.metadata).plan);
  return PLAN_IDS.find((plan) => plan === named);
}

function periodEnd(subscription: Json): Date | null {
  // Before API version 2025-03-31 the period sits on the subscription, after it on each item.
  const item = obj((obj(subscription.items).data as unknown[] | undefined)?.[0]);
  const end = subscription.current_period_end ?? item.current_period_end;
  return typeof end === 'number' ? new Date(end * 1000) : null;
}

/**
 * The subscription change a billing event carries, or undefined for events billing ignores. Only
 * the event's own object is read: events are applied in order of their `created` time, so the
 * newest event's object is the state.
 */
export function subscriptionChange(
  type: string,
  object: Json,
  prices: Record<'pro' | 'enterprise', string>,
): SubscriptionChange | undefined {
  const customerId = idOf(object.customer) ?? null;
  switch (type) {
    case 'checkout.session.completed': {
      if (object.mode !== 'subscription') return undefined;
      const plan = PLAN_IDS.find((p) => p === str(obj(object.metadata).plan));
      return {
        organizationId: str(object.client_reference_id) ?? str(obj(object.metadata).organization_id),
        customerId,
        subscriptionId: idOf(object.subscription),
        ...(plan ? { plan, status: 'active' } : {}),
      };
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted': {
      const status =
        type === 'customer.subscription.deleted' ? 'canceled' : (str(object.status) ?? 'incomplete');
      const plan = planOf(object, prices);
      return {
        organizationId: str(obj(object.metadata).organization_id),
        customerId,
        subscriptionId: str(object.id),
        status,
        plan: KEEPS_PLAN.has(status) && plan ? plan : 'free',
        currentPeriodEnd: periodEnd(object),
        cancelAtPeriodEnd: object.cancel_at_period_end === true,
      };
    }
    case 'invoice.paid':
      return { customerId, recoversPastDue: true };
    case 'invoice.payment_failed':
      return { customerId, status: 'past_due', paymentFailed: true };
    default:
      return undefined;
  }
}
