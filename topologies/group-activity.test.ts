import { toUpdateRecord } from '../connectors/telegram/update-record';
import { type TelegramUpdateRecord, updateKey } from '../schemas/records/telegram-update';
import type { TweetRecord } from '../schemas/records/tweet';
import type { EngagementObservation } from '../schemas/content-records';
import type {
  GroupMemberDay,
  GroupMemberRepliesDay,
  GroupWindowActivity,
} from '../schemas/group-activity-records';
import { type PostEventRecord, addContent } from './content-topology';
import { type ExternalSink, Serdes, StreamsBuilder, TopologyTestDriver } from './engine';
import { addGroupActivity } from './group-activity';

const DAY = 86_400_000;
/** Monday 2026-11-30 00:00 UTC: the start of an ISO week. */
const MONDAY = Date.UTC(2026, 10, 30);
const GROUP = -1009;

/** A sink that keeps the latest row of each key, as ClickHouse's ReplacingMergeTree ends up. */
function latestRows<V>(keyOf: (row: V) => string) {
  const rows = new Map<string, V>();
  const sink: ExternalSink<string, V> = {
    write: async (records) => {
      for (const { value } of records) rows.set(keyOf(value), value);
    },
  };
  return { sink, rows };
}

function driver(options: { throughContent?: boolean } = {}) {
  const members = latestRows<GroupMemberDay>((r) => `${r.group_id}/${r.member_id}/${r.day}`);
  const groups = latestRows<GroupWindowActivity>((r) => `${r.group_id}/${r.granularity}/${r.window_start}`);
  const replies = latestRows<GroupMemberRepliesDay>((r) => `${r.group_id}/${r.member_id}/${r.day}`);
  const builder = new StreamsBuilder();
  const updates = options.throughContent
    ? addContent(
        builder,
        { telegramUpdates: 'tg', twitterTweets: 'x', posts: 'posts', engagement: 'engagement' },
        {
          telegramUpdate: Serdes.json<TelegramUpdateRecord>(),
          tweet: Serdes.json<TweetRecord>(),
          post: Serdes.json<PostEventRecord>(),
          engagement: Serdes.json<EngagementObservation>(),
        },
      ).telegramUpdates
    : builder.stream<string, TelegramUpdateRecord>('tg', {
        keySerde: Serdes.string(),
        valueSerde: Serdes.json<TelegramUpdateRecord>(),
        timestampExtractor: (record) => record.value.event_time,
      });
  addGroupActivity(builder, updates, { members: members.sink, replies: replies.sink, groups: groups.sink });
  const test = new TopologyTestDriver(builder.build());
  const input = test.createInputTopic('tg', Serdes.string(), Serdes.json<TelegramUpdateRecord>());
  let nextId = 1;
  const pipe = async (type: string, body: object, updateId = nextId++) => {
    const update = { update_id: updateId, [type]: body };
    const record = toUpdateRecord(update, JSON.stringify(update), new Date());
    await input.pipeInput(updateKey(record), record, record.event_time);
  };
  const day = (start: number, group = GROUP) => groups.rows.get(`${group}/day/${start}`);
  const week = (start: number, group = GROUP) => groups.rows.get(`${group}/week/${start}`);
  const repliesTo = (member: number, start: number) =>
    replies.rows.get(`${GROUP}/${member}/${start}`)?.replies_received;
  return { test, pipe, members: members.rows, groups: groups.rows, day, week, repliesTo };
}

const chat = (type = 'supergroup', id = GROUP) => ({ id, type, title: 'Makers' });
const user = (id: number, isBot = false) => ({ id, is_bot: isBot, first_name: `user ${id}` });
const seconds = (time: number) => Math.floor(time / 1000);

const message = (from: number, time: number, extra: object = {}) => ({
  message_id: Math.floor(time / 1000) % 1_000_000,
  date: seconds(time),
  chat: chat(),
  from: user(from),
  text: 'hello',
  ...extra,
});

const chatMember = (id: number, time: number, before: object, after: object) => ({
  chat: chat(),
  from: user(id),
  date: seconds(time),
  old_chat_member: { user: user(id), ...before },
  new_chat_member: { user: user(id), ...after },
});

describe('group-activity topology', () => {
  it('counts a member once a day however many messages they send, with their messages', async () => {
    const { test, pipe, day, members } = driver();
    await pipe('message', message(1, MONDAY + 3_600_000));
    await pipe('message', message(1, MONDAY + 7_200_000));
    await pipe('message', message(1, MONDAY + 10_800_000));
    await pipe('message', message(2, MONDAY + 14_400_000));
    expect(day(MONDAY)).toMatchObject({ active_members: 2, messages: 4, joins: 0, leaves: 0 });
    expect(members.get(`${GROUP}/1/${MONDAY}`)).toEqual({
      source: 'telegram',
      group_id: String(GROUP),
      member_id: '1',
      day: MONDAY,
      messages: 3,
      joins: 0,
      leaves: 0,
    });
    test.close();
  });

  it('counts the replies a member receives from others on the day of each reply, apart from their activity', async () => {
    const { test, pipe, day, members, repliesTo } = driver();
    const first = message(1, MONDAY + 3_600_000);
    await pipe('message', first);
    await pipe('message', message(2, MONDAY + 7_200_000, { reply_to_message: first }));
    await pipe('message', message(3, MONDAY + DAY + 1_000, { reply_to_message: first })); // the next day
    await pipe('message', message(3, MONDAY + DAY + 2_000, { reply_to_message: first }));
    await pipe('message', message(1, MONDAY + DAY + 3_000, { reply_to_message: first })); // their own
    expect([repliesTo(1, MONDAY), repliesTo(1, MONDAY + DAY), repliesTo(2, MONDAY)]).toEqual([
      1,
      2,
      undefined,
    ]);
    // The messages and active members are the same as without replies.
    expect(members.get(`${GROUP}/1/${MONDAY + DAY}`)).toMatchObject({ messages: 1 });
    expect(day(MONDAY + DAY)).toMatchObject({ active_members: 2, messages: 3 });
    test.close();
  });

  it('counts a member active on two days on each, and once in their ISO week', async () => {
    const { test, pipe, day, week, groups } = driver();
    await pipe('message', message(1, MONDAY + 1_000));
    await pipe('message', message(1, MONDAY + 2 * DAY + 1_000)); // Wednesday
    await pipe('message', message(2, MONDAY + 6 * DAY + 80_000_000)); // Sunday evening
    await pipe('message', message(2, MONDAY + 7 * DAY + 1_000)); // the next Monday
    expect(day(MONDAY)).toMatchObject({ active_members: 1, messages: 1 });
    expect(day(MONDAY + 2 * DAY)).toMatchObject({ active_members: 1, messages: 1 });
    expect(week(MONDAY)).toMatchObject({ active_members: 2, messages: 3 });
    expect(week(MONDAY + 7 * DAY)).toMatchObject({ active_members: 1, messages: 1 });
    // Only ISO weeks: every week row starts on a Monday.
    const weekStarts = [...groups.values()]
      .filter((g) => g.granularity === 'week')
      .map((g) => g.window_start);
    expect(weekStarts.map((start) => new Date(start).getUTCDay())).toEqual([1, 1]);
    test.close();
  });

  it('counts joins and leaves from chat_member transitions and service messages, a join reported by both once', async () => {
    const { test, pipe, day, week } = driver();
    const at = MONDAY + 3_600_000;
    await pipe('chat_member', chatMember(1, at, { status: 'left' }, { status: 'member' }));
    await pipe('message', {
      ...message(1, at),
      text: undefined,
      new_chat_members: [user(1), user(99, true)],
    });
    await pipe('message', { ...message(2, at + 1_000), text: undefined, new_chat_members: [user(2)] });
    await pipe(
      'chat_member',
      chatMember(3, at + 2_000, { status: 'restricted', is_member: false }, { status: 'member' }),
    );
    await pipe('chat_member', chatMember(4, at + 3_000, { status: 'member' }, { status: 'administrator' }));
    await pipe('chat_member', chatMember(4, at + 4_000, { status: 'administrator' }, { status: 'kicked' }));
    await pipe('message', { ...message(5, at + 5_000), text: undefined, left_chat_member: user(5) });
    await pipe('chat_member', chatMember(6, at + 6_000, { status: 'left' }, { status: 'kicked' }));
    expect(day(MONDAY)).toEqual(
      expect.objectContaining({ active_members: 0, messages: 0, joins: 3, leaves: 2 }),
    );
    expect(week(MONDAY)).toMatchObject({ joins: 3, leaves: 2 });
    test.close();
  });

  it('ignores private chats and channels, edits, service messages and automatic forwards as messages', async () => {
    const { test, pipe, groups, members, day } = driver();
    await pipe('message', { ...message(1, MONDAY), chat: { id: 1, type: 'private', first_name: 'A' } });
    await pipe('channel_post', {
      message_id: 1,
      date: seconds(MONDAY),
      chat: { id: -1001, type: 'channel' },
      text: 'hi',
    });
    expect(groups.size).toBe(0);
    expect(members.size).toBe(0);
    await pipe('edited_message', { ...message(1, MONDAY), edit_date: seconds(MONDAY) + 5 });
    await pipe('message', { ...message(1, MONDAY), text: undefined, pinned_message: { message_id: 3 } });
    await pipe('message', { ...message(1, MONDAY), is_automatic_forward: true });
    await pipe('message', message(2, MONDAY, { chat: chat('group', GROUP) }));
    expect(day(MONDAY)).toMatchObject({ active_members: 1, messages: 1 });
    test.close();
  });

  it('counts a message once when Telegram delivers its update twice (upstream of addContent)', async () => {
    const { test, pipe, day } = driver({ throughContent: true });
    await pipe('message', message(1, MONDAY + 1_000), 500);
    await pipe('message', message(1, MONDAY + 1_000), 500);
    await pipe('message', message(1, MONDAY + 2_000), 501);
    expect(day(MONDAY)).toMatchObject({ active_members: 1, messages: 2 });
    test.close();
  });

  it('takes a message up to two days late, and sends a later one to the late-records topic', async () => {
    const { test, pipe, day } = driver();
    await pipe('message', message(1, MONDAY + 3 * DAY));
    await pipe('message', message(2, MONDAY + DAY + 1_000)); // two days after its day ended
    await pipe('message', message(3, MONDAY + 1_000)); // three days after
    expect(day(MONDAY + DAY)).toMatchObject({ active_members: 1 });
    expect(day(MONDAY)).toBeUndefined();
    expect(test.lateRecordCount()).toBeGreaterThan(0);
    test.close();
  });
});
