import type Stripe from 'stripe';
import { z } from 'zod';
import type { Pool } from 'pg';
import { AppError } from '../../platform/errors';
import { type ApiRoute, route } from '../http/route';
import type { Organizations } from '../organizations/organizations';
import { PLAN_IDS } from '../../billing/plans';

export interface BillingRoutesDeps {
  stripe: Stripe;
  postgres: Pool;
  organizations: Organizations;
  prices: { pro: string; enterprise: string };
}

const Subscription = z
  .object({
    plan: z.enum(PLAN_IDS),
    status: z.string().nullable(),
    current_period_end: z.string().nullable(),
    cancel_at_period_end: z.boolean(),
  })
  .meta({ id: 'Subscription' });
const Invoice = z
  .object({
    id: z.string(),
    status: z.string().nullable(),
    amount_due: z.number().int(),
    amount_paid: z.number().int(),
    currency: z.string(),
    created: z.string(),
    hosted_invoice_url: z.string().nullable(),
  })
  .meta({ id: 'Invoice' });
const RedirectUrl = z.url().max(2000);

/**
 * Billing through Stripe: Checkout for a subscription, the Customer Portal for changes and
 * cancellation, invoices. None of these changes a plan: plans follow verified Stripe events only
 * (see topologies/subscription-state.ts), never the browser's return from Checkout.
 */
export function billingRoutes(deps: BillingRoutesDeps): ApiRoute[] {
  /** The organization's Stripe customer, created on first need and remembered. */
  const customerOf = async (organizationId: string): Promise<string> => {
    const { rows } = await deps.postgres.query<{ stripe_customer_id: string | null; name: string }>(
      'SELECT stripe_customer_id, name FROM organizations WHERE id = $1',
      [organizationId],
    );
    if (rows[0]?.stripe_customer_id) return rows[0].stripe_customer_id;
    const customer = await deps.stripe.customers.create(
      { name: rows[0]?.name, metadata: { organization_id: organizationId } },
      { idempotencyKey: `customer-${organizationId}` },
    );
    const linked = await deps.postgres.query<{ stripe_customer_id: string }>(
      'UPDATE organizations SET stripe_customer_id = COALESCE(stripe_customer_id, $2) WHERE id = $1 RETURNING stripe_customer_id',
      [organizationId, customer.id],
    );
    return linked.rows[0]!.stripe_customer_id;
  };
  return [
    route({
      id: 'getSubscription',
      method: 'get',
      path: '/v1/billing/subscription',
      summary: "Your plan and its subscription's state, as Stripe's events last said",
      tag: 'billing',
      access: 'billing:read',
      response: Subscription,
      handle: async ({ principal }) => {
        const { rows } = await deps.postgres.query<z.infer<typeof Subscription>>(
          `SELECT plan, subscription_status AS status, cancel_at_period_end,
                  to_char(current_period_end AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS current_period_end
             FROM organizations WHERE id = $1`,
          [principal.organizationId],
        );
        return rows[0]!;
      },
    }),
    route({
      id: 'startCheckout',
      method: 'post',
      path: '/v1/billing/checkout',
      summary:
        'Start Stripe Checkout for Pro or Enterprise (automatic tax); answers the URL to send the browser to',
      tag: 'billing',
      access: 'billing:manage',
      status: 201,
      body: z
        .object({ plan: z.enum(['pro', 'enterprise']), success_url: RedirectUrl, cancel_url: RedirectUrl })
        .strict(),
      response: z.object({ id: z.string(), url: z.string().nullable() }),
      handle: async ({ principal, body }) => {
        const organizationId = principal.organizationId;
        if ((await deps.organizations.plan(organizationId)) === body.plan) {
          throw new AppError(
            'CONFLICT',
            `the organization is on ${body.plan} already; change plans in the portal`,
          );
        }
        const metadata = { organization_id: organizationId, plan: body.plan };
        const session = await deps.stripe.checkout.sessions.create({
          mode: 'subscription',
          customer: await customerOf(organizationId),
          line_items: [{ price: deps.prices[body.plan], quantity: 1 }],
          automatic_tax: { enabled: true },
          customer_update: { address: 'auto' },
          client_reference_id: organizationId,
          metadata,
          subscription_data: { metadata },
          success_url: body.success_url,
          cancel_url: body.cancel_url,
        });
        return { id: session.id, url: session.url };
      },
    }),
    route({
      id: 'openBillingPortal',
      method: 'post',
      path: '/v1/billing/portal',
      summary: "Open Stripe's Customer Portal (change plan, payment method, cancel)",
      tag: 'billing',
      access: 'billing:manage',
      status: 201,
      body: z.object({ return_url: RedirectUrl }).strict(),
      response: z.object({ url: z.string() }),
      handle: async ({ principal, body }) => {
        const session = await deps.stripe.billingPortal.sessions.create({
          customer: await customerOf(principal.organizationId),
          return_url: body.return_url,
        });
        return { url: session.url };
      },
    }),
    route({
      id: 'listInvoices',
      method: 'get',
      path: '/v1/billing/invoices',
      summary: "Your organization's invoices, newest first",
      tag: 'billing',
      access: 'billing:read',
      response: z.object({ invoices: z.array(Invoice) }),
      handle: async ({ principal }) => {
        const { rows } = await deps.postgres.query<{ stripe_customer_id: string | null }>(
          'SELECT stripe_customer_id FROM organizations WHERE id = $1',
          [principal.organizationId],
        );
        const customer = rows[0]?.stripe_customer_id;
        if (!customer) return { invoices: [] };
        const invoices = await deps.stripe.invoices.list({ customer, limit: 24 });
        return {
          invoices: invoices.data.map((invoice) => ({
            id: invoice.id ?? '',
            status: invoice.status ?? null,
            amount_due: invoice.amount_due,
            amount_paid: invoice.amount_paid,
            currency: invoice.currency,
            created: new Date(invoice.created * 1000).toISOString(),
            hosted_invoice_url: invoice.hosted_invoice_url ?? null,
          })),
        };
      },
    }),
  ];
}
