import type { Pool } from 'pg';
import type { SubscriptionChange } from './subscription-change';

export type ApplyOutcome = 'applied' | 'duplicate' | 'stale' | 'unknown_customer';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Subscription state in PostgreSQL, changed only by verified Stripe events: each event once
 * (its id recorded in `processed_webhooks` in the same transaction as the change), and never an
 * older event over a newer one (`subscription_event_at`), so duplicates and events out of order
 * leave the state Stripe's newest event describes.
 */
export class SubscriptionStore {
  constructor(private readonly postgres: Pool) {}

  async apply(eventId: string, createdSeconds: number, change: SubscriptionChange): Promise<ApplyOutcome> {
    const client = await this.postgres.connect();
    try {
      await client.query('BEGIN');
      const fresh = await client.query(
        "INSERT INTO processed_webhooks (source, event_id) VALUES ('stripe', $1) ON CONFLICT DO NOTHING",
        [eventId],
      );
      if (fresh.rowCount === 0) {
        await client.query('ROLLBACK');
        return 'duplicate';
      }
      const hint = change.organizationId && UUID.test(change.organizationId) ? change.organizationId : null;
      const { rows } = await client.query<{
        id: string;
        subscription_event_at: string;
        subscription_status: string | null;
      }>(
        `SELECT id, subscription_event_at, subscription_status FROM organizations
          WHERE id = $1::uuid OR ($2::text IS NOT NULL AND stripe_customer_id = $2)
          ORDER BY (id = $1::uuid) DESC NULLS LAST LIMIT 1 FOR UPDATE`,
        [hint, change.customerId],
      );
      const organization = rows[0];
      if (!organization) {
        // Not recorded as processed: a redelivery after the customer is linked still applies.
        await client.query('ROLLBACK');
        return 'unknown_customer';
      }
      if (createdSeconds < Number(organization.subscription_event_at)) {
        await client.query('COMMIT');
        return 'stale';
      }
      const status =
        change.recoversPastDue && organization.subscription_status === 'past_due' ? 'active' : change.status;
      await client.query(
        `UPDATE organizations SET
           stripe_customer_id = COALESCE(stripe_customer_id, $2),
           subscription_id = COALESCE($3, subscription_id),
           plan = COALESCE($4, plan),
           subscription_status = COALESCE($5, subscription_status),
           current_period_end = CASE WHEN $6::boolean THEN $7::timestamptz ELSE current_period_end END,
           cancel_at_period_end = COALESCE($8, cancel_at_period_end),
           subscription_event_at = $9
         WHERE id = $1`,
        [
          organization.id,
          change.customerId,
          change.subscriptionId ?? null,
          change.plan ?? null,
          status ?? null,
          change.currentPeriodEnd !== undefined,
          change.currentPeriodEnd ?? null,
          change.cancelAtPeriodEnd ?? null,
          createdSeconds,
        ],
      );
      await client.query('COMMIT');
      return 'applied';
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }
}
