import Stripe from 'stripe';
import type { Config } from '../config';

/** The Stripe API client, pointed at `STRIPE_API_URL` (stripe-mock locally, api.stripe.com live). */
export function createStripe(config: Config['stripe']): Stripe {
  const url = new URL(config.apiUrl);
  return new Stripe(config.secretKey, {
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
    protocol: url.protocol === 'https:' ? 'https' : 'http',
    maxNetworkRetries: 2,
    timeout: 20_000,
  });
}
