import type { Pool } from 'pg';
import { Gauge, type Registry } from 'prom-client';

/**
 * `social_analytics_billing_active_subscriptions{plan}`: organizations whose subscription keeps
 * a paid plan on (active, trialing, or past_due while Stripe retries), read at each scrape.
 */
export function registerBillingGauges(registry: Registry, postgres: Pool): void {
  new Gauge({
    name: 'social_analytics_billing_active_subscriptions',
    help: 'Organizations with a live paid subscription, by plan (active, trialing or past_due).',
    labelNames: ['plan'],
    registers: [registry],
    async collect() {
      const { rows } = await postgres.query<{ plan: string; n: string }>(
        `SELECT plan, count(*) AS n FROM organizations
          WHERE plan <> 'free' AND subscription_status IN ('active', 'trialing', 'past_due') GROUP BY plan`,
      );
      this.reset();
      for (const plan of ['pro', 'enterprise'])
        this.set({ plan }, Number(rows.find((r) => r.plan === plan)?.n ?? 0));
    },
  });
}
