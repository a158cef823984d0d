import type { EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { type ApplyOutcome, SubscriptionStore } from '../billing/subscription-store';
import { subscriptionChange } from '../billing/subscription-change';
import type { DeadLetterWriter } from '../connectors/kafka/dead-letters';
import type { StripeEventRecord } from '../connectors/stripe/event-record';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import type { Pool } from '../platform/clients/postgres';
import type { AvroSerde } from '../schemas/serde/avro-serde';
import { TOPICS, type TopicNames } from '../schemas/topics';
import { BatchConsumer } from './batch-consumer';
import { decodeOrDeadLetter } from './decode-or-dead-letter';

const TOPOLOGY = 'subscription-state';

export interface SubscriptionStateDeps {
  kafka: Kafka;
  groupId: string;
  topics: TopicNames;
  serde: AvroSerde;
  postgres: Pool;
  prices: { pro: string; enterprise: string };
  deadLetters: DeadLetterWriter;
  metrics: Metrics;
  logger: Logger;
}

/**
 * Applies verified Stripe events from `billing.stripe.events.v1` to the organizations' plans and
 * subscription state in PostgreSQL: the only way a plan changes (never the browser's redirect).
 * Records are applied one by one in partition order (keyed by customer), each event once and
 * never an older one over a newer one; offsets are committed after each batch.
 */
export class SubscriptionState {
  private readonly consumer: BatchConsumer;
  private readonly store: SubscriptionStore;

  constructor(private readonly deps: SubscriptionStateDeps) {
    this.consumer = new BatchConsumer(deps.kafka, deps.groupId);
    this.store = new SubscriptionStore(deps.postgres);
  }

  start(): Promise<void> {
    return this.consumer.start([this.deps.topics.of(TOPICS.stripeEvents)], (payload) =>
      this.processBatch(payload),
    );
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  private async processBatch({ batch, heartbeat }: EachBatchPayload): Promise<void> {
    for (const message of batch.messages) {
      const outcome = await this.process(message, batch.partition);
      this.deps.metrics.processorRecords.inc({ topology: TOPOLOGY, outcome });
      await heartbeat();
    }
  }

  private async process(message: KafkaMessage, partition: number): Promise<string> {
    const event = await decodeOrDeadLetter<StripeEventRecord>(
      this.deps,
      TOPICS.stripeEvents,
      message,
      partition,
    );
    if (!event) return 'dead_lettered';
    const payload = JSON.parse(event.payload) as { data?: { object?: Record<string, unknown> } };
    const change = subscriptionChange(event.event_type, payload.data?.object ?? {}, this.deps.prices);
    if (!change) return 'skipped';
    const outcome: ApplyOutcome = await this.store.apply(
      event.event_id,
      Math.floor(event.created_at / 1000),
      change,
    );
    if (change.paymentFailed && outcome === 'applied') this.deps.metrics.billingPaymentsFailed.inc();
    if (outcome === 'unknown_customer') {
      this.deps.logger.warn(
        { event: event.event_id, type: event.event_type, customer: change.customerId },
        'billing event for a customer no organization has',
      );
    }
    return outcome;
  }
}
