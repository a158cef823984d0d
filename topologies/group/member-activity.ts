import type { GroupTotals, MemberActivity } from '../../schemas/group-activity-records';
import type { MemberEventKind } from './member-events';

export const NO_MEMBER_ACTIVITY: MemberActivity = { messages: 0, joins: 0, leaves: 0 };

export const NO_GROUP_TOTALS: GroupTotals = { active_members: 0, messages: 0, joins: 0, leaves: 0 };

/**
 * Folds one event into a member's window. Joins and leaves are flags, not counts: a join that a
 * group reports twice (a `chat_member` update and a `new_chat_members` message) counts once, and
 * so does a member who joins, leaves and joins again within the window.
 */
export function addMemberEvent(activity: MemberActivity, kind: MemberEventKind): MemberActivity {
  if (kind === 'message') return { ...activity, messages: activity.messages + 1 };
  if (kind === 'join') return { ...activity, joins: 1 };
  return { ...activity, leaves: 1 };
}

/**
 * Adds (`sign` 1) or takes back (`sign` -1) one member's window in its group's totals. A regrouped
 * table calls it with -1 for a member's previous row before it adds the new one, so a member
 * counts once in `active_members` however many messages they send.
 */
export function applyMember(totals: GroupTotals, member: MemberActivity, sign: 1 | -1): GroupTotals {
  return {
    active_members: totals.active_members + (member.messages > 0 ? sign : 0),
    messages: totals.messages + sign * member.messages,
    joins: totals.joins + sign * member.joins,
    leaves: totals.leaves + sign * member.leaves,
  };
}
