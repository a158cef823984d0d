import type { ClickHouseClient } from '../../platform/clients/clickhouse';
import type { Metrics } from '../../platform/metrics';
import { insertRows, type SinkTarget } from './insert-rows';
import type { GroupMemberDay, GroupWindowActivity } from '../../schemas/group-activity-records';
import type { Versioned } from '../../schemas/versioned';

const DAY_MS = 86_400_000;

/**
 * Writes the group-activity topology's windows into ClickHouse (`group_member_activity`,
 * `group_activity`, schemas/clickhouse/004_group_activity.sql). Rows are whole window states, not
 * increments, each under the version the engine gave it, so writing a batch again (a retry, a
 * replay after a crash) or an older state after a newer one leaves the newest state of every
 * window once ReplacingMergeTree keeps the highest version (reads use FINAL).
 */
export class GroupActivitySink {
  private readonly target: SinkTarget;

  constructor(client: ClickHouseClient, database: string, metrics: Metrics) {
    this.target = { client, database, metrics };
  }

  async writeMembers(rows: readonly Versioned<GroupMemberDay>[]): Promise<void> {
    const latest = latestPerKey(
      rows,
      ({ value: row }) => `${row.source}/${row.group_id}/${row.day}/${row.member_id}`,
    );
    await insertRows(
      this.target,
      'group_member_activity',
      latest.map(({ value: row, version }) => ({
        source: row.source,
        group_id: row.group_id,
        member_id: row.member_id,
        day: Math.floor(row.day / DAY_MS), // Date: days since the epoch
        messages: row.messages,
        joins: row.joins,
        leaves: row.leaves,
        version: version.toString(),
      })),
    );
  }

  async writeGroups(rows: readonly Versioned<GroupWindowActivity>[]): Promise<void> {
    const latest = latestPerKey(
      rows,
      ({ value: row }) => `${row.source}/${row.group_id}/${row.granularity}/${row.window_start}`,
    );
    await insertRows(
      this.target,
      'group_activity',
      latest.map(({ value: row, version }) => ({
        source: row.source,
        group_id: row.group_id,
        granularity: row.granularity,
        window_start: Math.floor(row.window_start / 1000), // DateTime: epoch seconds
        active_members: row.active_members,
        messages: row.messages,
        joins: row.joins,
        leaves: row.leaves,
        version: version.toString(), // UInt64: a bigint has no JSON form
      })),
    );
  }
}

/**
 * The row of each key with the highest version (on a tie, the later: the engine emits in order),
 * so one insert carries one state per window, its newest.
 */
function latestPerKey<T>(rows: readonly Versioned<T>[], keyOf: (row: Versioned<T>) => string) {
  const latest = new Map<string, Versioned<T>>();
  for (const row of rows) {
    const key = keyOf(row);
    const seen = latest.get(key);
    if (seen === undefined || row.version >= seen.version) latest.set(key, row);
  }
  return [...latest.values()];
}
