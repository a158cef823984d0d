import Stripe from 'stripe';
import { AppError } from '../../platform/errors';
import { verifyStripeEvent } from './verify-event';

const SECRET = 'whsec_unit_test_secret';
const NOW = 1_780_000_000_000;

function signed(payload: string, timestamp = NOW / 1000) {
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET, timestamp });
  return { raw: Buffer.from(payload), header };
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
  return undefined;
}

const event = {
  id: 'evt_1',
  type: 'invoice.paid',
  created: NOW / 1000,
  livemode: false,
  data: { object: {} },
};

describe('verifyStripeEvent', () => {
  it('takes a signed event within the tolerance, either side', () => {
    for (const skew of [-299, 0, 299]) {
      const { raw, header } = signed(JSON.stringify(event), NOW / 1000 + skew);
      expect(verifyStripeEvent(raw, header, SECRET, NOW)).toMatchObject({ ok: true, event: { id: 'evt_1' } });
    }
  });

  it('refuses a missing, wrong or stale signature, and one dated beyond the 5-minute skew', () => {
    const { raw, header } = signed(JSON.stringify(event));
    expect(codeOf(() => verifyStripeEvent(raw, undefined, SECRET, NOW))).toBe('STRIPE_SIGNATURE_INVALID');
    expect(codeOf(() => verifyStripeEvent(raw, header, 'whsec_other', NOW))).toBe('STRIPE_SIGNATURE_INVALID');
    const stale = signed(JSON.stringify(event), NOW / 1000 - 301);
    expect(codeOf(() => verifyStripeEvent(stale.raw, stale.header, SECRET, NOW))).toBe(
      'STRIPE_SIGNATURE_INVALID',
    );
    const future = signed(JSON.stringify(event), NOW / 1000 + 301);
    expect(codeOf(() => verifyStripeEvent(future.raw, future.header, SECRET, NOW))).toBe(
      'STRIPE_TIMESTAMP_IN_FUTURE',
    );
  });

  it('reads the timestamp as the verifier does (the last t=), so a second t= cannot hide a future one', () => {
    const future = signed(JSON.stringify(event), NOW / 1000 + 3600);
    const header = `t=${NOW / 1000},${future.header}`;
    expect(codeOf(() => verifyStripeEvent(future.raw, header, SECRET, NOW))).toBe(
      'STRIPE_TIMESTAMP_IN_FUTURE',
    );
  });

  it('returns a signed body that is no usable event as not ok, with the reason', () => {
    const cases = [
      JSON.stringify({ ...event, data: undefined }),
      JSON.stringify({ ...event, data: { object: null } }),
      'not json',
      '[]',
    ];
    for (const body of cases) {
      const { raw, header } = signed(body);
      const verified = verifyStripeEvent(raw, header, SECRET, NOW);
      expect(verified.ok).toBe(false);
      if (!verified.ok) expect(verified.error.code).toBe('STRIPE_EVENT_INVALID');
    }
  });
});
