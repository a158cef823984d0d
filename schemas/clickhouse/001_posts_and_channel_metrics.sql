-- Latest state of every post; a redelivered or replayed post replaces itself (same key, version).
CREATE TABLE IF NOT EXISTS {database}.posts
(
    source      LowCardinality(String),
    channel_id  String,
    post_id     String,
    posted_at   DateTime64(3, 'UTC'),
    text        String DEFAULT '',
    version     UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (source, channel_id, post_id);

-- One row per channel, granularity and window; an upsert replaces the row with a higher version,
-- so a replay or a retry never double-counts. Read with FINAL.
CREATE TABLE IF NOT EXISTS {database}.channel_metrics
(
    source       LowCardinality(String),
    channel_id   String,
    granularity  LowCardinality(String),
    window_start DateTime('UTC'),
    posts        UInt64 DEFAULT 0,
    edits        UInt64 DEFAULT 0,
    reactions    UInt64 DEFAULT 0,
    replies      UInt64 DEFAULT 0,
    forwards     UInt64 DEFAULT 0,
    views        UInt64 DEFAULT 0,
    version      UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (source, channel_id, granularity, window_start);
