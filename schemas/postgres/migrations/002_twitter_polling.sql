-- What the X (Twitter) poller needs to survive restarts and to keep within what reads cost.

-- Recent-search queries an organization tracks (accounts are tracked_channels with source twitter).
CREATE TABLE tracked_searches (
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    query           text NOT NULL CHECK (length(query) BETWEEN 1 AND 512),
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, query)
);

-- Per target: the newest post id whose posts are all stored in Kafka (since_id). While a round
-- pages back from newer posts, pending_newest_id is where since_id moves once the round is done and
-- pending_until_id the oldest post stored so far, so a crash mid-round resumes without re-reading.
CREATE TABLE twitter_checkpoints (
    target_kind       text NOT NULL CHECK (target_kind IN ('account', 'search')),
    target            text NOT NULL,
    since_id          text,
    pending_newest_id text,
    pending_until_id  text,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (target_kind, target)
);

-- Posts whose public metrics are still re-read (until they are older than the refresh age).
CREATE TABLE twitter_recent_posts (
    tweet_id     text PRIMARY KEY,
    target_kind  text NOT NULL,
    target       text NOT NULL,
    created_at   timestamptz NOT NULL,
    refreshed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX twitter_recent_posts_created_at ON twitter_recent_posts (created_at);

-- Reads (posts and users returned by X) charged to each organization, per calendar month (UTC).
CREATE TABLE twitter_read_usage (
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    month           date NOT NULL,
    reads           bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (organization_id, month)
);

-- An organization's own monthly read budget; null means the configured default.
ALTER TABLE organizations ADD COLUMN twitter_monthly_read_budget integer
    CHECK (twitter_monthly_read_budget >= 0);
