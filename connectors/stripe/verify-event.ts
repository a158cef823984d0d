import Stripe from 'stripe';
import { z } from 'zod';
import { AppError } from '../../platform/errors';

/**
 * How old a signature may be (Stripe's own default, 5 minutes): an older one is a replay. The
 * same bound holds the other way: a timestamp more than 5 minutes ahead of our clock is not clock
 * drift but a signature made to outlive the replay window, refused with its own code.
 */
export const SIGNATURE_TOLERANCE_SECONDS = 300;
export const SIGNATURE_FUTURE_SKEW_SECONDS = 300;

/** What a stored event needs; anything else in it travels as the raw JSON. */
const eventShape = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  created: z.number().int().nonnegative(),
  livemode: z.boolean(),
  api_version: z.string().nullish(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

/** A verified event: usable, or signed by Stripe but unusable (dead-lettered with this error). */
export type VerifiedEvent = { ok: true; event: Stripe.Event } | { ok: false; error: AppError };

/**
 * Checks the signature of a webhook body against the endpoint secret, then its timestamp, then
 * the event's shape. A bad, stale or future signature throws (nothing from the sender is
 * trusted); a signed body that is no usable event is returned as not ok, to be dead-lettered.
 */
export function verifyStripeEvent(
  raw: Buffer,
  signature: string | undefined,
  secret: string,
  nowMs = Date.now(),
): VerifiedEvent {
  if (signature === undefined) {
    throw new AppError('STRIPE_SIGNATURE_INVALID', 'missing Stripe-Signature header');
  }
  const verifier = Stripe.webhooks.signature;
  if (!verifier) throw new AppError('INTERNAL', 'the Stripe library has no signature verifier');
  try {
    verifier.verifyHeader(raw, signature, secret, SIGNATURE_TOLERANCE_SECONDS, undefined, nowMs);
  } catch (error) {
    throw new AppError('STRIPE_SIGNATURE_INVALID', `Stripe signature rejected: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const ahead = signedAt(signature) - Math.floor(nowMs / 1000);
  if (ahead > SIGNATURE_FUTURE_SKEW_SECONDS) {
    throw new AppError(
      'STRIPE_TIMESTAMP_IN_FUTURE',
      `the signature's timestamp is ${ahead} s ahead of this server's clock (at most ${SIGNATURE_FUTURE_SKEW_SECONDS} s allowed)`,
      { details: { ahead_seconds: ahead, allowed_seconds: SIGNATURE_FUTURE_SKEW_SECONDS } },
    );
  }
  return parseEvent(raw);
}

/** The signed timestamp as Stripe's verifier reads it: the last `t=` of the header. */
function signedAt(header: string): number {
  let timestamp = -1;
  for (const item of header.split(',')) {
    const [name, value] = item.split('=');
    if (name === 't') timestamp = parseInt(value ?? '', 10);
  }
  return timestamp;
}

function parseEvent(raw: Buffer): VerifiedEvent {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, error: new AppError('STRIPE_EVENT_INVALID', 'the signed body is not JSON') };
  }
  const shape = eventShape.safeParse(json);
  if (!shape.success) {
    const problems = shape.error.issues.map(
      (issue) => `${issue.path.join('.') || 'event'}: ${issue.message}`,
    );
    return {
      ok: false,
      error: new AppError(
        'STRIPE_EVENT_INVALID',
        `the signed body is no usable Stripe event: ${problems.join('; ')}`,
        {
          details: { problems },
        },
      ),
    };
  }
  return { ok: true, event: json as Stripe.Event };
}
