-- group-activity (topologies/group-activity.ts): Telegram groups and supergroups. Every row is the
-- latest state of its window as the engine held it at a commit; `version` is the engine's sink
-- version (the task's consumed input), so a replay writes the same rows again and the highest
-- version wins. Read with FINAL.

-- One row per member, group and UTC day: messages sent, and whether the member joined or left
-- (0 or 1). Top members over any period, messages per member, monthly active members
-- (uniqExact(member_id) WHERE messages > 0) and new members' retention read this table.
CREATE TABLE IF NOT EXISTS {database}.group_member_activity
(
    source      LowCardinality(String),
    group_id    String,
    member_id   String,
    day         Date,
    messages    UInt32,
    joins       UInt8,
    leaves      UInt8,
    version     UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (source, group_id, day, member_id);

-- One row per group, granularity (day: UTC day; week: ISO week from Monday 00:00 UTC) and window:
-- distinct active members (at least one message), messages, distinct members who joined and left.
CREATE TABLE IF NOT EXISTS {database}.group_activity
(
    source          LowCardinality(String),
    group_id        String,
    granularity     LowCardinality(String),
    window_start    DateTime('UTC'),
    active_members  UInt32,
    messages        UInt64,
    joins           UInt32,
    leaves          UInt32,
    version         UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (source, group_id, granularity, window_start);
