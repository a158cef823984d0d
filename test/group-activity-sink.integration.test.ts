import { GroupActivitySink } from '../connectors/clickhouse/group-activity-sink';
import { toUpdateRecord } from '../connectors/telegram/update-record';
import { type TelegramUpdateRecord, updateKey } from '../schemas/records/telegram-update';
import { createClickHouse, queryRows } from '../platform/clients/clickhouse';
import { createMetrics } from '../platform/metrics';
import { migrateClickHouse } from '../schemas/clickhouse/migrate';
import type { GroupMemberDay, GroupWindowActivity } from '../schemas/group-activity-records';
import { Serdes, StreamsBuilder, TopologyTestDriver } from '../topologies/engine';
import { addGroupActivity } from '../topologies/group-activity';
import { clickhouseGroupActivitySinks } from '../topologies/content-sinks';
import { isolatedConfig } from './support/isolation';

const config = isolatedConfig();
const DAY = 86_400_000;
const MONDAY = Date.UTC(2026, 10, 30);

const member = (id: string, messages: number, day = MONDAY): GroupMemberDay => ({
  source: 'telegram',
  group_id: '-1009',
  member_id: id,
  day,
  messages,
  joins: 0,
  leaves: 0,
});

const groupDay = (active: number, messages: number, group = '-1009'): GroupWindowActivity => ({
  source: 'telegram',
  group_id: group,
  granularity: 'day',
  window_start: MONDAY,
  active_members: active,
  messages,
  joins: 0,
  leaves: 0,
});

describe('group-activity ClickHouse sink (chdb)', () => {
  const clickhouse = createClickHouse(config.clickhouse);
  const database = config.clickhouse.database;
  const sink = new GroupActivitySink(clickhouse, database, createMetrics());

  const members = (group: string) =>
    queryRows<{ member_id: string; day: string; messages: number; version: string }>(clickhouse, {
      query: `SELECT member_id, toString(day) AS day, messages, toString(version) AS version
              FROM ${database}.group_member_activity FINAL
              WHERE group_id = {group:String} ORDER BY member_id, day`,
      query_params: { group },
    });
  const replies = (group: string) =>
    queryRows<{ member_id: string; day: string; replies_received: number }>(clickhouse, {
      query: `SELECT member_id, toString(day) AS day, replies_received
              FROM ${database}.group_member_replies FINAL
              WHERE group_id = {group:String} ORDER BY member_id, day`,
      query_params: { group },
    });
  const groups = (group: string) =>
    queryRows<{ granularity: string; window_start: string; active_members: number; messages: string }>(
      clickhouse,
      {
        query: `SELECT granularity, toString(window_start) AS window_start, active_members, toString(messages) AS messages
                FROM ${database}.group_activity FINAL
                WHERE group_id = {group:String} ORDER BY granularity, window_start`,
        query_params: { group },
      },
    );

  beforeAll(() => migrateClickHouse(clickhouse, database));
  afterAll(async () => {
    await clickhouse.command({ query: `DROP DATABASE IF EXISTS ${database}` });
    await clickhouse.close();
  });

  it('leaves the same rows when a batch is written twice', async () => {
    const batch = [
      { value: member('1', 3), version: 7n },
      { value: member('2', 1), version: 7n },
    ];
    await sink.writeMembers(batch);
    await sink.writeMembers(batch);
    await sink.writeGroups([{ value: groupDay(2, 4), version: 7n }]);
    await sink.writeGroups([{ value: groupDay(2, 4), version: 7n }]);
    const replied = { source: 'telegram', group_id: '-1009', member_id: '2', day: MONDAY } as const;
    await sink.writeReplies([{ value: { ...replied, replies_received: 5 }, version: 7n }]);
    await sink.writeReplies([{ value: { ...replied, replies_received: 5 }, version: 7n }]);
    await sink.writeReplies([{ value: { ...replied, replies_received: 4 }, version: 6n }]);
    expect(await members('-1009')).toEqual([
      { member_id: '1', day: '2026-11-30', messages: 3, version: '7' },
      { member_id: '2', day: '2026-11-30', messages: 1, version: '7' },
    ]);
    expect(await replies('-1009')).toEqual([{ member_id: '2', day: '2026-11-30', replies_received: 5 }]);
    expect(await groups('-1009')).toEqual([
      { granularity: 'day', window_start: '2026-11-30 00:00:00', active_members: 2, messages: '4' },
    ]);
  });

  it('keeps the newer state when an older version is written after it, and the newest of one batch', async () => {
    await sink.writeGroups([{ value: groupDay(5, 9, '-1008'), version: 20n }]);
    await sink.writeGroups([{ value: groupDay(1, 1, '-1008'), version: 12n }]);
    await sink.writeMembers([
      { value: member('3', 1), version: 2n ** 63n }, // UInt64 beyond a JavaScript number's exact range
      { value: member('3', 2), version: 2n ** 63n + 1n },
    ]);
    expect(await groups('-1008')).toEqual([
      { granularity: 'day', window_start: '2026-11-30 00:00:00', active_members: 5, messages: '9' },
    ]);
    expect((await members('-1009')).find((row) => row.member_id === '3')).toEqual({
      member_id: '3',
      day: '2026-11-30',
      messages: 2,
      version: (2n ** 63n + 1n).toString(),
    });
  });

  it('holds what the topology computed, written through the engine at each commit', async () => {
    const builder = new StreamsBuilder();
    const updates = builder.stream<string, TelegramUpdateRecord>('tg', {
      keySerde: Serdes.string(),
      valueSerde: Serdes.json<TelegramUpdateRecord>(),
      timestampExtractor: (record) => record.value.event_time,
    });
    addGroupActivity(builder, updates, clickhouseGroupActivitySinks(sink));
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic('tg', Serdes.string(), Serdes.json<TelegramUpdateRecord>());
    const messages: Array<[number, number]> = [
      [1, MONDAY + 1_000],
      [1, MONDAY + 2_000],
      [2, MONDAY + 3_000],
      [1, MONDAY + DAY + 1_000],
    ];
    const chat = { id: -1007, type: 'supergroup', title: 'Makers' };
    const sent = (index: number) => ({
      message_id: index + 1,
      date: messages[index]![1] / 1000,
      chat,
      from: { id: messages[index]![0], is_bot: false, first_name: 'A' },
      text: 'hello',
    });
    for (const [index, [, time]] of messages.entries()) {
      // Member 2's message replies to member 1's first.
      const reply = index === 2 ? { reply_to_message: sent(0) } : {};
      const update = { update_id: index + 1, message: { ...sent(index), ...reply } };
      const record = toUpdateRecord(update, JSON.stringify(update), new Date(time));
      await input.pipeInput(updateKey(record), record, time);
    }
    driver.close();
    expect(await groups('-1007')).toEqual([
      { granularity: 'day', window_start: '2026-11-30 00:00:00', active_members: 2, messages: '3' },
      { granularity: 'day', window_start: '2026-12-01 00:00:00', active_members: 1, messages: '1' },
      { granularity: 'week', window_start: '2026-11-30 00:00:00', active_members: 2, messages: '4' },
    ]);
    expect(
      (await members('-1007')).map(({ member_id, day, messages }) => [member_id, day, messages]),
    ).toEqual([
      ['1', '2026-11-30', 2],
      ['1', '2026-12-01', 1],
      ['2', '2026-11-30', 1],
    ]);
    expect(await replies('-1007')).toEqual([{ member_id: '1', day: '2026-11-30', replies_received: 1 }]);
  });
});
