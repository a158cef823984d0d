import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { type ApplyOutcome, SubscriptionStore } from '../api/billing/subscription-store';
import { subscriptionChange } from '../api/billing/subscription-change';
import type { DeadLetterWriter } from '../connectors/kafka/dead-letters';
import type { StripeEventRecord } from '../connectors/stripe/event-record';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import type { Pool } from '../platform/clients/postgres';
import type { AvroSerde } from '../schemas/serde/avro-serde';
import { TOPICS, type TopicNames } from '../schemas/topics';
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
  private readonly consumer: Consumer;
  private readonly store: SubscriptionStore;

  constructor(private readonly deps: SubscriptionStateDeps) {
    this.consumer = deps.kafka.consumer({
      groupId: deps.groupId,
      readUncommitted: false,
      retry: { retries: 10 },
    });
    this.store = new SubscriptionStore(deps.postgres);
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.deps.topics.of(TOPICS.stripeEvents), fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.processBatch(payload),
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }

  private async processBatch({ batch, resolveOffset, heartbeat }: EachBatchPayload): Promise<void> {
    for (const message of batch.messages) {
      const outcome = await this.process(message, batch.partition);
      this.deps.metrics.processorRecords.inc({ topology: TOPOLOGY, outcome });
      resolveOffset(message.offset);
      await heartbeat();
    }
    const last = batch.messages.at(-1);
    if (last) {
      const next = (BigInt(last.offset) + 1n).toString();
      await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
    }
  }

  private async process(
    message: Parameters<typeof decodeOrDeadLetter>[2],
    partition: number,
  ): Promise<string> {
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
