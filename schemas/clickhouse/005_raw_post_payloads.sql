-- Reading a post's raw message back (docs/lake.md, "Reading a raw message back"). Each post row
-- says where the raw record of its state was read: its input topic, partition and offset, and when
-- its connector received it (null for rows written before this migration). The lake's raw archive
-- names its files from those (raw-data/<source>/<day>/<topic>+<partition>+<first offset>.avro).
ALTER TABLE {database}.posts
    ADD COLUMN IF NOT EXISTS raw_topic       LowCardinality(String) DEFAULT '',
    ADD COLUMN IF NOT EXISTS raw_partition   UInt32 DEFAULT 0,
    ADD COLUMN IF NOT EXISTS raw_offset      UInt64 DEFAULT 0,
    ADD COLUMN IF NOT EXISTS raw_received_at Nullable(DateTime64(3, 'UTC'));

-- The recent posts' payloads themselves (the Telegram message object, the X post as received),
-- versioned as their posts are, so the row of a post's latest state wins. A row expires at
-- `expires_at` (its receipt + CLICKHOUSE_RAW_PAYLOAD_DAYS, set by the sink), after which the API
-- reads the payload from the lake. ZSTD: JSON compresses several times over.
CREATE TABLE IF NOT EXISTS {database}.post_payloads
(
    source      LowCardinality(String),
    channel_id  String,
    post_id     String,
    payload     String CODEC(ZSTD(3)),
    expires_at  DateTime('UTC'),
    version     UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (source, channel_id, post_id)
TTL expires_at;
