import type { Redis } from 'ioredis';
import type { Logger } from '../../platform/logger';

/** Stripe retries for up to three days; remember stored events a little longer. */
const REMEMBER_SECONDS = 4 * 24 * 3600;

/**
 * Remembers which Stripe events are already on the topic, so a redelivery is acknowledged without
 * being produced again. Best effort by design: if Redis is unreachable the event is produced
 * anyway, and billing (idempotent on event id) drops the duplicate. Never a reason to lose one.
 */
export class StripeEventDedupe {
  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    private readonly prefix = 'stripe:event:',
  ) {}

  async seen(eventId: string): Promise<boolean> {
    try {
      return (await this.redis.exists(this.prefix + eventId)) === 1;
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'event dedupe unavailable; producing anyway');
      return false;
    }
  }

  async remember(eventId: string): Promise<void> {
    try {
      await this.redis.set(this.prefix + eventId, '1', 'EX', REMEMBER_SECONDS);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'could not remember a stored event');
    }
  }
}
