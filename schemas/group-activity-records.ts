/**
 * The rows the group-activity topology emits: contracts between the processors and the ClickHouse
 * sink (`group_member_activity`, `group_member_replies`, `group_activity`), so they live with the
 * schemas.
 */

/** What one member did in one window of one group. `joins` and `leaves` are 0 or 1 per window. */
export interface MemberActivity {
  /** Messages the member sent (service messages, edits and automatic forwards left out). */
  messages: number;
  /** 1 if the member joined in the window, whichever update (or both) said so. */
  joins: number;
  /** 1 if the member left or was removed in the window. */
  leaves: number;
}

/** One member's activity in one group on one UTC day. */
export interface GroupMemberDay extends MemberActivity {
  source: 'telegram';
  group_id: string;
  /** The Telegram user id, or the chat id of a chat the member wrote on behalf of. */
  member_id: string;
  /** Epoch ms of the day's start (00:00 UTC). */
  day: number;
}

/**
 * The replies other members wrote to one member's messages in one group on one UTC day
 * (topologies/group/member-replies.ts says which count), on the day of each reply.
 */
export interface GroupMemberRepliesDay {
  source: 'telegram';
  group_id: string;
  /** The Telegram user id of the member replied to. */
  member_id: string;
  /** Epoch ms of the day's start (00:00 UTC). */
  day: number;
  replies_received: number;
}

/** The windows group activity is summed over: UTC days and ISO weeks (Monday 00:00 UTC). */
export type GroupActivityGranularity = 'day' | 'week';

/** A group's totals over its members in one window. */
export interface GroupTotals {
  /** Distinct members who sent at least one message in the window. */
  active_members: number;
  messages: number;
  /** Distinct members who joined in the window. */
  joins: number;
  /** Distinct members who left or were removed in the window. */
  leaves: number;
}

/** One window of one group's activity, as the topology holds it at a commit. */
export interface GroupWindowActivity extends GroupTotals {
  source: 'telegram';
  group_id: string;
  granularity: GroupActivityGranularity;
  /** Epoch ms of the window's start (UTC). */
  window_start: number;
}
