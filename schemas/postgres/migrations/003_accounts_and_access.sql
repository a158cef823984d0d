-- Accounts, roles and machine access (issue 5). Email is the login; every row a tenant owns hangs
-- off an organization, so every query can be scoped by the caller's organization.

CREATE TABLE users (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email         text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
    -- scrypt, self-describing (scrypt$N$r$p$salt$hash); null for users who only sign in with OIDC.
    password_hash text,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email ON users (email);

CREATE TABLE memberships (
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role            text NOT NULL CHECK (role IN ('owner', 'admin', 'analyst', 'viewer')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

-- Sign-in through an OpenID Connect provider: the provider's subject, tied to one user.
CREATE TABLE oidc_identities (
    issuer     text NOT NULL,
    subject    text NOT NULL,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (issuer, subject)
);

-- API keys: shown once, stored as a SHA-256 of the secret (high-entropy, so a fast hash is safe).
CREATE TABLE api_keys (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    role            text NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer')),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    secret_hash     bytea NOT NULL UNIQUE,
    created_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_used_at    timestamptz,
    revoked_at      timestamptz
);
CREATE INDEX api_keys_organization ON api_keys (organization_id);

-- The plan an organization is on, driven only by verified Stripe events (see billing).
ALTER TABLE organizations
    ADD COLUMN plan text NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'pro', 'enterprise')),
    ADD COLUMN stripe_customer_id text UNIQUE,
    ADD COLUMN subscription_id text,
    ADD COLUMN subscription_status text,
    ADD COLUMN current_period_end timestamptz,
    ADD COLUMN cancel_at_period_end boolean NOT NULL DEFAULT false;
