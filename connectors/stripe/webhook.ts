import express, { type RequestHandler, type Router } from 'express';
import { toAppError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { Metrics } from '../../platform/metrics';
import type { AvroSerde } from '../../schemas/serde/avro-serde';
import { TOPICS, type TopicNames } from '../../schemas/topics';
import type { DeadLetterWriter } from '../kafka/dead-letters';
import type { RecordProducer } from '../kafka/record-producer';
import type { StripeEventDedupe } from './event-dedupe';
import { stripeEventKey, toStripeEventRecord } from './event-record';
import { verifyStripeEvent } from './verify-event';

export const STRIPE_WEBHOOK_PATH = '/api/billing/stripe/webhook';

export interface StripeWebhookDeps {
  /** The endpoint's signing secret (whsec_...). */
  secret: string;
  serde: AvroSerde;
  producer: RecordProducer;
  dedupe: StripeEventDedupe;
  deadLetters: DeadLetterWriter;
  topics: TopicNames;
  metrics: Metrics;
  logger: Logger;
}

/**
 * Stripe's webhook. The raw body is verified with the endpoint secret (a bad, stale or future
 * signature answers 400 and nothing is produced); a verified event is stored first, keyed by its
 * customer, then acknowledged. A signed body that is no usable event is dead-lettered with its
 * reason and acknowledged (retrying cannot mend it). Storing failures answer 503, so Stripe
 * retries; an event already stored (same id) is acknowledged without producing it again.
 */
export function stripeWebhookRouter(deps: StripeWebhookDeps): Router {
  const router = express.Router();
  router.post(STRIPE_WEBHOOK_PATH, express.raw({ type: () => true, limit: '1mb' }), handler(deps));
  return router;
}

function handler(deps: StripeWebhookDeps): RequestHandler {
  const count = (outcome: string) => deps.metrics.webhookRequests.inc({ source: 'stripe', outcome });
  return async (req, res, next) => {
    try {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const verified = verifyStripeEvent(raw, req.header('stripe-signature'), deps.secret);
      if (!verified.ok) {
        await deps.deadLetters.write({ topic: TOPICS.stripeEvents }, raw, verified.error);
        count('dead_lettered');
        res.status(200).json({ received: true, dead_lettered: true });
        return;
      }
      const { event } = verified;
      if (await deps.dedupe.seen(event.id)) {
        count('duplicate');
        res.status(200).json({ received: true, duplicate: true });
        return;
      }
      const record = toStripeEventRecord(event, raw.toString('utf8'), new Date());
      const value = await deps.serde.encode(TOPICS.stripeEvents, record);
      await deps.producer.send(deps.topics.of(TOPICS.stripeEvents), [
        {
          key: stripeEventKey(record),
          value,
          headers: { 'stripe.event_id': event.id, 'stripe.event_type': event.type },
        },
      ]);
      await deps.dedupe.remember(event.id);
      count('stored');
      res.status(200).json({ received: true });
    } catch (error) {
      const appError = toAppError(error);
      count(appError.status < 500 ? 'bad_request' : 'unavailable');
      if (appError.status >= 500)
        deps.logger.warn({ code: appError.code, err: appError.message }, 'Stripe event not stored');
      next(appError);
    }
  };
}
