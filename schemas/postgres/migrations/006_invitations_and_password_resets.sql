-- Account flows (issue 16): invitations the invitee accepts, and password resets by email token.
-- Tokens are random 256-bit secrets sent by mail and stored only as SHA-256 (high entropy, so a
-- fast hash is safe); each is spent by deleting its row, so it works once.

-- A pending invitation of an email to an organization with a role. One per email and
-- organization: inviting again replaces the token (the older mail stops working). Accepting makes
-- the membership and deletes the row.
CREATE TABLE invitations (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email           text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
    role            text NOT NULL CHECK (role IN ('owner', 'admin', 'analyst', 'viewer')),
    token_hash      bytea NOT NULL UNIQUE,
    invited_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    UNIQUE (organization_id, email)
);

-- A password reset a user asked for by email; short-lived, one use.
CREATE TABLE password_resets (
    token_hash bytea PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX password_resets_user ON password_resets (user_id);
