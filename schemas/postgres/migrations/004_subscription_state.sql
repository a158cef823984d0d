-- The creation time (Stripe's `created`, epoch seconds) of the newest billing event applied to an
-- organization's subscription state: an older event arriving late never overwrites a newer state.
ALTER TABLE organizations ADD COLUMN subscription_event_at bigint NOT NULL DEFAULT 0;
