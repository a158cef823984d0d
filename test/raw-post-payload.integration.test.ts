import { randomInt } from 'node:crypto';
import { createClickHouse, queryRows } from '../platform/clients/clickhouse';
import { TOPICS, TopicNames } from '../schemas/topics';
import {
  type RunningApp,
  type TestAccount,
  callApi,
  code,
  postUpdate,
  startApp,
  useAccount,
} from './support/app';
import { testKafka, waitForCommitted } from './support/engine';
import { eventually } from './support/eventually';
import { readTopic } from './support/topic-reader';

/**
 * Reading a raw message back (docs/lake.md): a Telegram channel post through the webhook, read
 * back with its original message object from ClickHouse; then, its payload gone from ClickHouse
 * as the TTL would take it, from the lake's raw archive, the same.
 */
const CHAT = -1_001_000_000_000 - randomInt(1e9, 9e9);
const CHANNEL = `telegram:${CHAT}`;
const seconds = (ms: number) => Math.floor(ms / 1000);
const NOW = Date.now();
const chat = { id: CHAT, title: 'Raw messages', username: `raw_${-CHAT}`, type: 'channel' }; // public

const created = {
  message_id: 1,
  sender_chat: chat,
  chat,
  date: seconds(NOW - 60_000),
  text: 'Original words #lake',
  entities: [{ type: 'hashtag', offset: 15, length: 5 }],
};
const edited = {
  ...created,
  edit_date: seconds(NOW - 30_000),
  text: 'Edited words #lake',
  entities: [{ type: 'hashtag', offset: 13, length: 5 }],
};
const updates = [
  { update_id: 1, channel_post: created },
  {
    update_id: 2,
    message_reaction_count: {
      chat,
      message_id: 1,
      date: seconds(NOW - 50_000),
      reactions: [{ type: { type: 'emoji', emoji: '👍' }, total_count: 3 }],
    },
  },
  { update_id: 3, channel_post: { ...created, message_id: 2, text: 'Another post' } },
  { update_id: 4, edited_channel_post: edited },
];

interface PostBody {
  channel: string;
  post_id: string;
  text: string;
  edited_at: string | null;
  hashtags: string[];
  engagement: { reactions: number | null };
  payload: Record<string, unknown> | null;
  payload_from: 'clickhouse' | 'lake' | null;
}

describe('a post read back with its original payload', () => {
  let app: RunningApp;
  let account: TestAccount;
  const get = (path: string) => callApi<PostBody>(app, 'GET', path, { token: account.token });

  beforeAll(async () => {
    // The archive flushes every 300 ms, so the lake holds the records moments after they arrive.
    app = await startApp({ ARCHIVE_COMMIT_INTERVAL_MS: '300' });
    account = await useAccount(app, 'pro', [CHANNEL]);
    for (const update of updates) expect((await postUpdate(app, update)).status).toBe(200);
  });
  afterAll(() => app?.stop());

  it('answers the post with its message object from ClickHouse, then from the lake once ClickHouse dropped it', async () => {
    const fromClickHouse = await eventually(
      () => get(`/v1/channels/${CHANNEL}/posts/1`),
      (r) => r.status === 200 && r.body.edited_at !== null && r.body.engagement.reactions === 3,
    );
    expect(fromClickHouse.body).toMatchObject({
      channel: CHANNEL,
      post_id: '1',
      text: 'Edited words #lake',
      hashtags: ['lake'],
      payload_from: 'clickhouse',
    });
    // The latest state's message, as Telegram sent it: the edit.
    expect(fromClickHouse.body.payload).toEqual(edited);

    const missing = await get(`/v1/channels/${CHANNEL}/posts/999`);
    expect([missing.status, code(missing.body)]).toEqual([404, 'POST_NOT_FOUND']);

    // Every update is in the lake before ClickHouse lets go of the payloads.
    const topic = new TopicNames(app.config.kafka.topicPrefix).of(TOPICS.telegramUpdates);
    await waitForCommitted(testKafka(), app.config.lake.archive.groupId, topic, 60_000);
    // The post names the edit's own record: its topic, partition and offset on the broker.
    const edit = (await readTopic(topic)).find((record) => record.value?.includes('"edited_channel_post"'));
    const clickhouse = createClickHouse(app.config.clickhouse);
    try {
      const database = app.config.clickhouse.database;
      const rows = await queryRows(clickhouse, {
        query: `SELECT raw_topic, raw_partition, toString(raw_offset) AS raw_offset
                FROM ${database}.posts FINAL WHERE channel_id = {chat:String} AND post_id = '1'`,
        query_params: { chat: String(CHAT) },
      });
      expect(rows).toEqual([{ raw_topic: topic, raw_partition: edit?.partition, raw_offset: edit?.offset }]);
      await clickhouse.command({ query: `TRUNCATE TABLE ${database}.post_payloads` });
    } finally {
      await clickhouse.close();
    }
    // Fresh data about the channel drops its cached answers, the one read above among them.
    expect(
      (await postUpdate(app, { update_id: 5, channel_post: { ...created, message_id: 3 } })).status,
    ).toBe(200);
    const fromLake = await eventually(
      () => get(`/v1/channels/${CHANNEL}/posts/1`),
      (r) => r.status === 200 && r.body.payload_from === 'lake',
    );
    expect(fromLake.body.payload).toEqual(edited);
    expect({ ...fromLake.body, payload_from: 'clickhouse' }).toEqual(fromClickHouse.body);
    const other = await get(`/v1/channels/${CHANNEL}/posts/2`);
    expect([other.status, other.body.payload_from, other.body.payload?.text]).toEqual([
      200,
      'lake',
      'Another post',
    ]);
  }, 120_000);
});
