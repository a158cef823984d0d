-- Tenants and the channels they track. Accounts, roles and billing arrive with their own issue.
CREATE TABLE organizations (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tracked_channels (
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    source          text NOT NULL CHECK (source IN ('telegram', 'twitter')),
    channel_id      text NOT NULL,
    title           text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, source, channel_id)
);

-- Webhook deliveries already stored (Stripe event ids, ...), for idempotent intake.
CREATE TABLE processed_webhooks (
    source      text NOT NULL,
    event_id    text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, event_id)
);
