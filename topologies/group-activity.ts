import type { TelegramUpdateRecord } from '../schemas/records/telegram-update';
import type {
  GroupActivityGranularity,
  GroupMemberDay,
  GroupMemberRepliesDay,
  GroupTotals,
  GroupWindowActivity,
  MemberActivity,
} from '../schemas/group-activity-records';
import {
  type ExternalSink,
  type KStream,
  type KTable,
  Serdes,
  type StreamsBuilder,
  type Windowed,
} from './engine';
import { dayWindows, isIsoWeekStart, weekWindows } from './group/group-windows';
import { NO_GROUP_TOTALS, NO_MEMBER_ACTIVITY, addMemberEvent, applyMember } from './group/member-activity';
import { type MemberEventKind, memberEvents } from './group/member-events';
import { replyReceived } from './group/member-replies';

/** Where the group-activity rows go (ClickHouse, through `clickhouseGroupActivitySinks`). */
export interface GroupActivitySinks {
  /** Messages, joins and leaves per member and UTC day (`group_member_activity`). */
  readonly members: ExternalSink<string, GroupMemberDay>;
  /** Replies received per member and UTC day (`group_member_replies`). */
  readonly replies: ExternalSink<string, GroupMemberRepliesDay>;
  /** Active members, messages, joins and leaves per group and UTC day or ISO week (`group_activity`). */
  readonly groups: ExternalSink<string, GroupWindowActivity>;
}

interface MemberKey {
  readonly group_id: string;
  readonly member_id: string;
}

interface GroupWindowKey {
  readonly group_id: string;
  readonly window_start: number;
}

// Keys are built in one place each, so their JSON (bytes, partition, regroup identity) is stable.
const memberKey = (group_id: string, member_id: string): MemberKey => ({ group_id, member_id });
const groupWindowKey = (group_id: string, window_start: number): GroupWindowKey => ({
  group_id,
  window_start,
});

const memberActivitySerde = () => Serdes.json<MemberActivity>();

/**
 * group-activity: messages, joins, leaves and replies in Telegram groups and supergroups (never
 * private chats or channels) → per member and UTC day, the member's messages and whether they
 * joined or left (`group_member_activity`), and the replies other members wrote to them
 * (`group_member_replies`); per group and UTC day or ISO week, the distinct active members,
 * messages, and distinct members who joined and left (`group_activity`). Each group's totals are
 * the members' windows regrouped by group and window, a row subtracted before its update is
 * added, so a member counts once however many messages they send, and a replay recomputes the
 * same totals. Rows go to the sinks at each commit, versioned by the engine. Every store is made by
 * the DSL's aggregations, so the builder is not needed (it keeps the shape of the other topologies).
 */
export function addGroupActivity(
  _builder: StreamsBuilder,
  telegramUpdates: KStream<string, TelegramUpdateRecord>,
  sinks: GroupActivitySinks,
): void {
  const members = telegramUpdates
    .flatMap(
      (_key, update) =>
        memberEvents(update).map((event) => ({
          key: memberKey(event.group_id, event.member_id),
          value: event.kind,
        })),
      { name: 'group-member-events' },
    )
    .repartition({
      name: 'group-member-events',
      keySerde: Serdes.json<MemberKey>(),
      valueSerde: Serdes.json<MemberEventKind>(),
    })
    .groupByKey();
  const aggregate = (name: string) => ({ name, valueSerde: memberActivitySerde(), persistent: true });
  const memberDays = members.windowedBy(dayWindows()).aggregate(
    () => NO_MEMBER_ACTIVITY,
    (_key, kind, activity) => addMemberEvent(activity, kind),
    aggregate('group-member-days'),
  );
  const memberWeeks = members
    .windowedBy(weekWindows())
    .aggregate(
      () => NO_MEMBER_ACTIVITY,
      (_key, kind, activity) => addMemberEvent(activity, kind),
      aggregate('group-member-weeks'),
    )
    .filter((windowed) => isIsoWeekStart(windowed.window.start));

  memberDays
    .toStream()
    .flatMap((windowed, activity) => (activity === null ? [] : [memberDayRow(windowed, activity)]), {
      name: 'group-member-day-rows',
    })
    .toSink(sinks.members, { name: 'clickhouse-group-member-activity' });
  groupTotals(memberDays, 'day', sinks.groups);
  groupTotals(memberWeeks, 'week', sinks.groups);
  repliesReceived(telegramUpdates, sinks.replies);
}

/**
 * Replies received per member and UTC day: a branch of its own, built last so the sub-topologies
 * and names before it stay as they were. Its own repartition topic keeps replies from releases
 * that do not know them, and its own window store keeps its own stream time: merged into the
 * member events, a backfill's replies read ahead of its messages would close their days.
 */
function repliesReceived(
  telegramUpdates: KStream<string, TelegramUpdateRecord>,
  sink: ExternalSink<string, GroupMemberRepliesDay>,
): void {
  telegramUpdates
    .flatMap(
      (_key, update) =>
        replyReceived(update).map((member) => ({
          key: memberKey(member.group_id, member.member_id),
          value: 1,
        })),
      { name: 'group-member-replies' },
    )
    .repartition({
      name: 'group-member-replies',
      keySerde: Serdes.json<MemberKey>(),
      valueSerde: Serdes.json<number>(),
    })
    .groupByKey()
    .windowedBy(dayWindows())
    .count({ name: 'group-member-reply-days', persistent: true })
    .toStream()
    .flatMap((windowed, count) => (count === null ? [] : [memberRepliesRow(windowed, count)]), {
      name: 'group-member-reply-day-rows',
    })
    .toSink(sink, { name: 'clickhouse-group-member-replies' });
}

/** A group's totals per window: its members' windows regrouped by group and window start. */
function groupTotals(
  memberWindows: KTable<Windowed<MemberKey>, MemberActivity>,
  granularity: GroupActivityGranularity,
  sink: ExternalSink<string, GroupWindowActivity>,
): void {
  const store = `group-${granularity}s`;
  memberWindows
    .groupBy(
      (windowed, activity) => ({
        key: groupWindowKey(windowed.key.group_id, windowed.window.start),
        value: activity,
      }),
      { keySerde: Serdes.json<GroupWindowKey>(), valueSerde: memberActivitySerde() },
    )
    .aggregate(
      () => NO_GROUP_TOTALS,
      (_key, member, totals) => applyMember(totals, member, 1),
      (_key, member, totals) => applyMember(totals, member, -1),
      { name: store, valueSerde: Serdes.json<GroupTotals>(), persistent: true },
    )
    .toStream()
    .flatMap((key, totals) => (totals === null ? [] : [groupWindowRow(key, granularity, totals)]), {
      name: `${store}-rows`,
    })
    .toSink(sink, { name: `clickhouse-group-activity-${granularity}s` });
}

function memberDayRow(windowed: Windowed<MemberKey>, activity: MemberActivity) {
  const { group_id, member_id } = windowed.key;
  const row: GroupMemberDay = {
    source: 'telegram',
    group_id,
    member_id,
    day: windowed.window.start,
    ...activity,
  };
  return { key: `telegram:${group_id}`, value: row };
}

function memberRepliesRow(windowed: Windowed<MemberKey>, count: number) {
  const { group_id, member_id } = windowed.key;
  const row: GroupMemberRepliesDay = {
    source: 'telegram',
    group_id,
    member_id,
    day: windowed.window.start,
    replies_received: count,
  };
  return { key: `telegram:${group_id}`, value: row };
}

function groupWindowRow(key: GroupWindowKey, granularity: GroupActivityGranularity, totals: GroupTotals) {
  const row: GroupWindowActivity = {
    source: 'telegram',
    group_id: key.group_id,
    granularity,
    window_start: key.window_start,
    ...totals,
  };
  return { key: `telegram:${key.group_id}`, value: row };
}
