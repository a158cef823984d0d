-- Replies received (topologies/group-activity.ts, topologies/group/member-replies.ts): one row per
-- member, group and UTC day, the replies other members wrote that day to the member's messages
-- (not to their own, a bot's, or one sent on behalf of a chat). The latest state of each day as
-- the engine held it at a commit, under the engine's sink version, as in 004: read with FINAL.
-- A table of its own rather than a column of group_member_activity: the two are written by
-- different windows, and a row of either replaces the whole row.
CREATE TABLE IF NOT EXISTS {database}.group_member_replies
(
    source            LowCardinality(String),
    group_id          String,
    member_id         String,
    day               Date,
    replies_received  UInt32,
    version           UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (source, group_id, day, member_id);
