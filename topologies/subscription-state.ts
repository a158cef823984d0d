import { type ApplyOutcome, SubscriptionStore } from '../billing/subscription-store';
import { subscriptionChange } from '../billing/subscription-change';
import type { StripeEventRecord } from '../schemas/records/stripe-event';
import { toAppError } from '../platform/errors';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import type { Pool } from '../platform/clients/postgres';
import { type ExternalSink, type Serde, Serdes, StreamsBuilder, type Topology } from './engine';

const TOPOLOGY = 'subscription-state';

export interface SubscriptionStateDeps {
  readonly postgres: Pool;
  readonly prices: { pro: string; enterprise: string };
  readonly metrics: Metrics;
  readonly logger: Logger;
}

/**
 * Applies verified Stripe events to the organizations' plans and subscription state in
 * PostgreSQL: the only way a plan changes (never the browser's redirect). Events are applied in
 * partition order (keyed by customer), at each commit, each once (the store keeps the event ids
 * it applied) and never an older one over a newer one, so a replay changes nothing.
 */
export function subscriptionStateSink(deps: SubscriptionStateDeps): ExternalSink<string, StripeEventRecord> {
  const store = new SubscriptionStore(deps.postgres);
  const apply = async (event: StripeEventRecord): Promise<string> => {
    const payload = JSON.parse(event.payload) as { data?: { object?: Record<string, unknown> } };
    const change = subscriptionChange(event.event_type, payload.data?.object ?? {}, deps.prices);
    if (!change) return 'skipped';
    const outcome: ApplyOutcome = await store.apply(
      event.event_id,
      Math.floor(event.created_at / 1000),
      change,
    );
    if (change.paymentFailed && outcome === 'applied') deps.metrics.billingPaymentsFailed.inc();
    if (outcome === 'unknown_customer') {
      // Normal, not a fault: a Stripe account serves other products too, and an event may come
      // before checkout links its customer (its state is applied when the organization's does).
      deps.logger.info(
        { event: event.event_id, type: event.event_type, customer: change.customerId },
        'billing event for a customer no organization has',
      );
    }
    return outcome;
  };
  return {
    write: async (records) => {
      for (const { value } of records) {
        const outcome = await apply(value).catch((error: unknown) => {
          throw toAppError(error, 'STORAGE_UNAVAILABLE');
        });
        deps.metrics.processorRecords.inc({ topology: TOPOLOGY, outcome });
      }
    },
  };
}

/** subscription-state: billing events → PostgreSQL, through the sink above. */
export function subscriptionStateTopology(
  stripeEvents: string,
  serde: Serde<StripeEventRecord>,
  sink: ExternalSink<string, StripeEventRecord>,
): Topology {
  const builder = new StreamsBuilder();
  builder
    .stream<string, StripeEventRecord>(stripeEvents, {
      keySerde: Serdes.string(),
      valueSerde: serde,
      timestampExtractor: (record) => record.value.created_at,
    })
    .toSink(sink, { name: 'subscription-state' });
  return builder.build();
}
