-- What the content queries read (top posts, hashtags and mentions, search, hour of week): the
-- text features of social.posts.v1. `version` is now 2^42 + the event time of the row's state
-- (content-sink.ts), so an edit replaces the post, a replayed older event never does, and rows
-- written before this migration (versioned by insert time, below 2^41) give way to reprocessed
-- ones. The version column cannot be rewritten in place (ClickHouse refuses to UPDATE it).
ALTER TABLE {database}.posts
    ADD COLUMN IF NOT EXISTS post_type        LowCardinality(String) DEFAULT '',
    ADD COLUMN IF NOT EXISTS author_id        String DEFAULT '',
    ADD COLUMN IF NOT EXISTS length           UInt32 DEFAULT 0,
    ADD COLUMN IF NOT EXISTS hashtags         Array(String),
    ADD COLUMN IF NOT EXISTS mentions         Array(String),
    ADD COLUMN IF NOT EXISTS links            Array(String),
    ADD COLUMN IF NOT EXISTS reply_to_post_id String DEFAULT '',
    ADD COLUMN IF NOT EXISTS forwarded_from   String DEFAULT '',
    ADD COLUMN IF NOT EXISTS edited_at        Nullable(DateTime64(3, 'UTC'));

-- The latest engagement observation of each post and origin (social.engagement.v1): absolute
-- counts, null where the source gives none. Version = observation time, so the newest wins
-- whatever order observations arrive in.
CREATE TABLE IF NOT EXISTS {database}.post_engagement
(
    source             LowCardinality(String),
    channel_id         String,
    post_id            String,
    origin             LowCardinality(String),
    observed_at        DateTime64(3, 'UTC'),
    reactions          Nullable(UInt64),
    reaction_breakdown Map(String, UInt64),
    replies            Nullable(UInt64),
    forwards           Nullable(UInt64),
    views              Nullable(UInt64),
    likes              Nullable(UInt64),
    reposts            Nullable(UInt64),
    quotes             Nullable(UInt64),
    bookmarks          Nullable(UInt64),
    version            UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (source, channel_id, post_id, origin);

-- Audience samples (social.channel-stats.v1): Telegram members, X followers. A redelivered sample
-- has the same key and collapses into one row.
CREATE TABLE IF NOT EXISTS {database}.channel_stats
(
    source      LowCardinality(String),
    channel_id  String,
    metric      LowCardinality(String),
    observed_at DateTime64(3, 'UTC'),
    count       UInt64
)
ENGINE = ReplacingMergeTree
ORDER BY (source, channel_id, metric, observed_at);
