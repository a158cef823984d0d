-- Replies received (topologies/group/member-replies.ts): per member, group and UTC day, the
-- replies other members wrote that day to the member's messages. Rows written before this
-- migration read 0, as the topology's state from before replies were counted does. A member who
-- only received replies on a day has a row with 0 messages: counts of active members read
-- `messages > 0`, never the row alone.
ALTER TABLE {database}.group_member_activity
    ADD COLUMN IF NOT EXISTS replies_received UInt32 DEFAULT 0;
