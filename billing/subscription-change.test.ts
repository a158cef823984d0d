import { subscriptionChange } from './subscription-change';

const prices = { pro: 'price_pro', enterprise: 'price_ent' };
const subscription = (status: string, price = 'price_pro', extra: object = {}) => ({
  id: 'sub_1',
  customer: 'cus_1',
  status,
  cancel_at_period_end: false,
  items: { data: [{ price: { id: price }, current_period_end: 1_800_000_000 }] },
  metadata: { organization_id: 'org-uuid' },
  ...extra,
});

describe('subscriptionChange', () => {
  it('reads the plan from the price, and keeps it while active, trialing or past_due', () => {
    expect(
      subscriptionChange('customer.subscription.updated', subscription('active', 'price_ent'), prices),
    ).toMatchObject({
      plan: 'enterprise',
      status: 'active',
      organizationId: 'org-uuid',
      customerId: 'cus_1',
      currentPeriodEnd: new Date(1_800_000_000_000),
    });
    expect(
      subscriptionChange('customer.subscription.updated', subscription('past_due'), prices),
    ).toMatchObject({ plan: 'pro' });
    for (const status of ['canceled', 'unpaid', 'incomplete_expired']) {
      expect(subscriptionChange('customer.subscription.updated', subscription(status), prices)).toMatchObject(
        { plan: 'free', status },
      );
    }
    expect(subscriptionChange('customer.subscription.deleted', subscription('active'), prices)).toMatchObject(
      { plan: 'free', status: 'canceled' },
    );
  });

  it('falls back to metadata.plan for an unknown price, and to the subscription-level period of older API versions', () => {
    const older = {
      ...subscription('active', 'price_other'),
      metadata: { plan: 'pro' },
      current_period_end: 1_700_000_000,
    };
    expect(subscriptionChange('customer.subscription.created', older, prices)).toMatchObject({
      plan: 'pro',
      currentPeriodEnd: new Date(1_700_000_000_000),
    });
  });

  it('links the customer from checkout, marks failed payments past_due, and ignores what billing does not act on', () => {
    expect(
      subscriptionChange(
        'checkout.session.completed',
        {
          mode: 'subscription',
          customer: 'cus_1',
          subscription: 'sub_1',
          client_reference_id: 'org-uuid',
          metadata: { plan: 'pro' },
        },
        prices,
      ),
    ).toEqual({
      organizationId: 'org-uuid',
      customerId: 'cus_1',
      subscriptionId: 'sub_1',
      plan: 'pro',
      status: 'active',
    });
    expect(subscriptionChange('checkout.session.completed', { mode: 'payment' }, prices)).toBeUndefined();
    expect(subscriptionChange('invoice.payment_failed', { customer: 'cus_1' }, prices)).toEqual({
      customerId: 'cus_1',
      status: 'past_due',
      paymentFailed: true,
    });
    expect(subscriptionChange('invoice.paid', { customer: { id: 'cus_1' } }, prices)).toEqual({
      customerId: 'cus_1',
      recoversPastDue: true,
    });
    expect(subscriptionChange('customer.created', {}, prices)).toBeUndefined();
  });
});
