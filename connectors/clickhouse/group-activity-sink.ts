import { type ClickHouseClient, clickhouseSeconds, clickhouseTime } from '../../platform/clients/clickhouse';
import type { Metrics } from '../../platform/metrics';
import { insertLatest, type SinkTarget, type VersionedTable } from './insert-rows';
import type {
  GroupMemberDay,
  GroupMemberRepliesDay,
  GroupWindowActivity,
} from '../../schemas/group-activity-records';
import type { Versioned } from '../../schemas/versioned';

const MEMBERS: VersionedTable<GroupMemberDay> = {
  table: 'group_member_activity',
  keyOf: (row) => `${row.source}/${row.group_id}/${row.day}/${row.member_id}`,
  toRow: (row) => ({ ...row, day: clickhouseTime(row.day).slice(0, 10) }), // Date: YYYY-MM-DD
};

const REPLIES: VersionedTable<GroupMemberRepliesDay> = {
  table: 'group_member_replies',
  keyOf: (row) => `${row.source}/${row.group_id}/${row.day}/${row.member_id}`,
  toRow: (row) => ({ ...row, day: clickhouseTime(row.day).slice(0, 10) }),
};

const GROUPS: VersionedTable<GroupWindowActivity> = {
  table: 'group_activity',
  keyOf: (row) => `${row.source}/${row.group_id}/${row.granularity}/${row.window_start}`,
  toRow: (row) => ({ ...row, window_start: clickhouseSeconds(row.window_start) }),
};

/**
 * Writes the group-activity topology's windows into ClickHouse (`group_member_activity`,
 * `group_activity`, schemas/clickhouse/004_group_activity.sql; `group_member_replies`, 006). Rows
 * are whole window states, not increments, each under the version the engine gave it, so writing
 * a batch again (a retry, a replay after a crash) or an older state after a newer one leaves the
 * newest state of every window once ReplacingMergeTree keeps the highest version (reads use FINAL).
 */
export class GroupActivitySink {
  private readonly target: SinkTarget;

  constructor(client: ClickHouseClient, database: string, metrics: Metrics) {
    this.target = { client, database, metrics };
  }

  writeMembers(rows: readonly Versioned<GroupMemberDay>[]): Promise<void> {
    return insertLatest(this.target, MEMBERS, rows);
  }

  writeReplies(rows: readonly Versioned<GroupMemberRepliesDay>[]): Promise<void> {
    return insertLatest(this.target, REPLIES, rows);
  }

  writeGroups(rows: readonly Versioned<GroupWindowActivity>[]): Promise<void> {
    return insertLatest(this.target, GROUPS, rows);
  }
}
