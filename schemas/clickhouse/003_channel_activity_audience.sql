-- The channel-activity topology writes minute, hour and day windows (the `granularity` column)
-- with posts, edits and the net change of each engagement count in the window, which may be
-- negative (reactions withdrawn). Version = 2^42 + the writing task's input position
-- (activity-sink.ts): above the insert-time versions of the rows the old recount wrote.
ALTER TABLE {database}.channel_metrics
    ADD COLUMN IF NOT EXISTS likes   Int64 DEFAULT 0,
    ADD COLUMN IF NOT EXISTS reposts Int64 DEFAULT 0;

ALTER TABLE {database}.channel_metrics
    MODIFY COLUMN reactions Int64 DEFAULT 0,
    MODIFY COLUMN replies   Int64 DEFAULT 0,
    MODIFY COLUMN forwards  Int64 DEFAULT 0,
    MODIFY COLUMN views     Int64 DEFAULT 0;

-- The audience topology: per channel, metric (members, followers) and hour or day window, the
-- last count observed in the window and its change since the count before the window.
CREATE TABLE IF NOT EXISTS {database}.channel_audience
(
    source       LowCardinality(String),
    channel_id   String,
    metric       LowCardinality(String),
    granularity  LowCardinality(String),
    window_start DateTime('UTC'),
    count        UInt64,
    change       Int64,
    observed_at  DateTime64(3, 'UTC'),
    version      UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (source, channel_id, metric, granularity, window_start);
