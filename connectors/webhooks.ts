import express, { type Router } from 'express';
import type { Redis } from 'ioredis';
import type { Config } from '../platform/config';
import type { IntakeDeps } from './intake';
import { StripeEventDedupe } from './stripe/event-dedupe';
import { stripeWebhookRouter } from './stripe/webhook';
import { telegramWebhookRouter } from './telegram/webhook';

export interface WebhookDeps extends IntakeDeps {
  config: Config;
  redis: Redis;
}

/** Every source that pushes to us (Telegram, Stripe): the connectors role's HTTP intake. */
export function webhookRouters(deps: WebhookDeps): Router {
  const router = express.Router();
  const { config, serde, producer, topics, metrics } = deps;
  router.use(
    telegramWebhookRouter({
      secret: config.telegram.webhookSecret,
      serde,
      producer,
      deadLetters: deps.deadLetters,
      topics,
      metrics,
      logger: deps.logger.child({ component: 'telegram-webhook' }),
    }),
  );
  const stripeLogger = deps.logger.child({ component: 'stripe-webhook' });
  router.use(
    stripeWebhookRouter({
      secret: config.stripe.webhookSecret,
      serde,
      producer,
      // Prefixed like the topics, so environments sharing a Redis never share what they have seen.
      dedupe: new StripeEventDedupe(deps.redis, stripeLogger, `${config.kafka.topicPrefix}stripe:event:`),
      deadLetters: deps.deadLetters,
      topics,
      metrics,
      logger: stripeLogger,
    }),
  );
  return router;
}
