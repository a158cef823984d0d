import { type ClickHouseClient, queryRows } from '../../platform/clients/clickhouse';
import type { ChannelRef } from '../../schemas/channel-key';
import { type Period, isoDay } from './period';

/** The windows group activity is read at: days and ISO weeks as stored, months rolled up from days. */
export const GROUP_GRANULARITIES = ['day', 'week', 'month'] as const;
export type GroupGranularity = (typeof GROUP_GRANULARITIES)[number];

/** What a group's members did in one window. */
export interface GroupWindow {
  window_start: string;
  /** Distinct members with at least one message in the window. */
  active_members: number;
  messages: number;
  /** Messages per active member; null in a window nobody wrote in. */
  messages_per_member: number | null;
  /** Distinct members who joined in the window. */
  joins: number;
  /** Distinct members who left (or were removed) in the window. */
  leaves: number;
}

const NUMBERS = { output_format_json_quote_64bit_integers: 0 } as const;
const GROUP_FILTER = 'source = {source:String} AND group_id = {group:String}';
const groupParams = (group: ChannelRef, period: Period) => ({
  source: group.source,
  group: group.channelId,
  from: isoDay(period.from),
  to: isoDay(period.to),
});

type Counts = Record<'active_count' | 'message_count' | 'join_count' | 'leave_count', number | string>;
type CountsRow = Counts & { start: string };

/** Distinct members who wrote, joined and left, and messages, over `group_member_activity` rows. */
const MEMBER_COUNTS = `uniqExactIf(member_id, messages > 0) AS active_count, sum(messages) AS message_count,
  uniqExactIf(member_id, joins > 0) AS join_count, uniqExactIf(member_id, leaves > 0) AS leave_count`;

function toWindow(row: CountsRow): GroupWindow {
  return { window_start: row.start, ...toCounts(row) };
}

function toCounts(row: Counts): Omit<GroupWindow, 'window_start'> {
  const active = Number(row.active_count);
  const messages = Number(row.message_count);
  return {
    active_members: active,
    messages,
    messages_per_member: active === 0 ? null : round2(messages / active),
    joins: Number(row.join_count),
    leaves: Number(row.leave_count),
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * Per window: active members, messages, messages per member, joins and leaves. Days and weeks are
 * the group-activity topology's own windows (`group_activity`); a month is counted from the
 * members' days (`group_member_activity`), distinct members over the whole month, so a member
 * active every day of it counts once. `period` holds whole windows of `granularity`.
 */
export async function groupActivity(
  client: ClickHouseClient,
  database: string,
  group: ChannelRef,
  period: Period,
  granularity: GroupGranularity,
): Promise<GroupWindow[]> {
  // Aliases never reuse a column's name: ClickHouse would read the alias in WHERE and aggregates.
  const start = "formatDateTime(window_start, '%Y-%m-%dT%H:%i:%SZ', 'UTC') AS start";
  const query =
    granularity === 'month'
      ? `SELECT formatDateTime(toDateTime(toStartOfMonth(day), 'UTC'), '%Y-%m-%dT%H:%i:%SZ', 'UTC') AS start,
                ${MEMBER_COUNTS}
           FROM ${database}.group_member_activity FINAL
          WHERE ${GROUP_FILTER} AND day >= {from:Date} AND day < {to:Date}
          GROUP BY start ORDER BY start`
      : `SELECT ${start}, active_members AS active_count, messages AS message_count,
                joins AS join_count, leaves AS leave_count
           FROM ${database}.group_activity FINAL
          WHERE ${GROUP_FILTER} AND granularity = {granularity:String}
            AND window_start >= {from:Date} AND window_start < {to:Date}
          ORDER BY window_start`;
  const rows = await queryRows<CountsRow>(client, {
    query,
    query_params: { ...groupParams(group, period), granularity },
    clickhouse_settings: NUMBERS,
  });
  return rows.map(toWindow);
}

/** The whole period at once: distinct members who wrote, joined and left in it. */
export async function groupTotals(
  client: ClickHouseClient,
  database: string,
  group: ChannelRef,
  period: Period,
): Promise<Omit<GroupWindow, 'window_start'>> {
  const [row] = await queryRows<Counts>(client, {
    query: `
      SELECT ${MEMBER_COUNTS}
      FROM ${database}.group_member_activity FINAL
      WHERE ${GROUP_FILTER} AND day >= {from:Date} AND day < {to:Date}`,
    query_params: groupParams(group, period),
    clickhouse_settings: NUMBERS,
  });
  return toCounts(row ?? { active_count: 0, message_count: 0, join_count: 0, leave_count: 0 });
}

/** What top members are ranked by: messages sent, or replies received from other members. */
export const TOP_MEMBER_RANKINGS = ['messages', 'replies_received'] as const;
export type TopMemberRanking = (typeof TOP_MEMBER_RANKINGS)[number];

export interface TopMember {
  member_id: string;
  messages: number;
  /** Days of the period on which the member wrote. */
  active_days: number;
  /** Replies other members wrote to the member's messages in the period. */
  replies_received: number;
}

/**
 * The members with most messages, or most replies received, in the period (ties: by member id);
 * only members with at least one of what they are ranked by. Messages are the members' days
 * (`group_member_activity`), replies received their own table (`group_member_replies`): a member
 * may have either without the other.
 */
export async function topMembers(
  client: ClickHouseClient,
  database: string,
  group: ChannelRef,
  period: Period,
  limit: number,
  by: TopMemberRanking = 'messages',
): Promise<TopMember[]> {
  type Row = Record<'member' | 'message_count' | 'days_active' | 'reply_count', string | number>;
  const inPeriod = `${GROUP_FILTER} AND day >= {from:Date} AND day < {to:Date}`;
  const rows = await queryRows<Row>(client, {
    query: `
      SELECT member_id AS member, sum(sent) AS message_count, sum(wrote) AS days_active,
             sum(replied) AS reply_count,
             if({by:String} = 'replies_received', reply_count, message_count) AS ranked_count
      FROM (
        SELECT member_id, toUInt64(messages) AS sent, toUInt64(messages > 0) AS wrote, toUInt64(0) AS replied
        FROM ${database}.group_member_activity FINAL WHERE ${inPeriod}
        UNION ALL
        SELECT member_id, toUInt64(0), toUInt64(0), toUInt64(replies_received)
        FROM ${database}.group_member_replies FINAL WHERE ${inPeriod}
      )
      GROUP BY member_id
      HAVING ranked_count > 0
      ORDER BY ranked_count DESC, member_id
      LIMIT {limit:UInt32}`,
    query_params: { ...groupParams(group, period), limit, by },
    clickhouse_settings: NUMBERS,
  });
  return rows.map((row) => ({
    member_id: String(row.member),
    messages: Number(row.message_count),
    active_days: Number(row.days_active),
    replies_received: Number(row.reply_count),
  }));
}

/** A member's days with a join, a leave or a message, as ISO dates (`YYYY-MM-DD`). */
export interface MemberDays {
  join_days: string[];
  leave_days: string[];
  active_days: string[];
}

/** Days after the join day that retention looks at. */
export const RETENTION_DAYS = 7;

/**
 * The days of every member who joined in the period, from the join day to `RETENTION_DAYS` after
 * the period: what `retentionCohorts` needs.
 */
export async function newMemberDays(
  client: ClickHouseClient,
  database: string,
  group: ChannelRef,
  period: Period,
): Promise<MemberDays[]> {
  return queryRows<MemberDays>(client, {
    query: `
      SELECT arraySort(groupArrayIf(toString(day), joins > 0)) AS join_days,
             arraySort(groupArrayIf(toString(day), leaves > 0)) AS leave_days,
             arraySort(groupArrayIf(toString(day), messages > 0)) AS active_days
      FROM ${database}.group_member_activity FINAL
      WHERE ${GROUP_FILTER} AND day >= {from:Date} AND day <= {to:Date} + ${RETENTION_DAYS}
      GROUP BY member_id
      HAVING arrayExists(d -> toDate(d) >= {from:Date} AND toDate(d) < {to:Date}, join_days)`,
    query_params: groupParams(group, period),
    clickhouse_settings: NUMBERS,
  });
}
