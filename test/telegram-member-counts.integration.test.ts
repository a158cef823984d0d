import { randomInt } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import type { ChannelStatsSample } from '../schemas/records/channel-stats';
import { AvroSerde } from '../schemas/serde/avro-serde';
import { TOPICS, TopicNames } from '../schemas/topics';
import { startApp, type RunningApp } from './support/app';
import { createTestDatabase } from './support/database';
import { eventually } from './support/eventually';
import { readTopic } from './support/topic-reader';

/** A local Bot API that knows two chats' member counts and refuses the rest, as Telegram does. */
async function botApiWithChats(counts: Record<string, number>): Promise<{ server: Server; root: string }> {
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const chat = String((JSON.parse(raw || '{}') as { chat_id?: unknown }).chat_id);
      res.setHeader('content-type', 'application/json');
      if (req.url?.endsWith('/getChatMembersCount') && chat in counts) {
        res.end(JSON.stringify({ ok: true, result: counts[chat] }));
        return;
      }
      res.statusCode = 400;
      res.end(JSON.stringify({ ok: false, error_code: 400, description: 'Bad Request: chat not found' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, root: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('Telegram member counts', () => {
  const visible = `-100${randomInt(1e9, 9e9)}`;
  const other = `-100${randomInt(1e9, 9e9)}`;
  const hidden = `-100${randomInt(1e9, 9e9)}`;
  const unseen = `-100${randomInt(1e9, 9e9)}`; // tracked, but no update of it has arrived yet
  let api: { server: Server; root: string };
  let app: RunningApp;
  let postgres: Pool;
  let organization: string;

  let database: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    api = await botApiWithChats({ [visible]: 1520, [other]: 87, [unseen]: 5 });
    database = await createTestDatabase(); // the poller samples every tracked chat: only ours
    app = await startApp({
      ROLES: 'connectors',
      DATABASE_URL: database.url,
      TELEGRAM_API_ROOT: api.root,
      TELEGRAM_STATS_INTERVAL_MS: '1000',
    });
    postgres = new Pool({ connectionString: app.config.postgres.url });
    const { rows } = await postgres.query<{ id: string }>(
      "INSERT INTO organizations (name) VALUES ('member counts test') RETURNING id",
    );
    organization = rows[0]!.id;
    for (const chat of [visible, other, hidden, unseen]) {
      await postgres.query(
        "INSERT INTO tracked_channels (organization_id, source, channel_id) VALUES ($1, 'telegram', $2)",
        [organization, chat],
      );
    }
    // What the content processor records from each chat's updates (the bot's arrival included).
    for (const chat of [visible, other, hidden]) {
      await postgres.query(
        "INSERT INTO telegram_chats (chat_id, chat_type, username, seen_at) VALUES ($1, 'channel', NULL, now())",
        [chat],
      );
    }
  });
  afterAll(async () => {
    await postgres?.query('DELETE FROM organizations WHERE id = $1', [organization]);
    await postgres?.end();
    await app?.stop();
    await database?.drop();
    api?.server.close();
  });

  it('samples every tracked chat the bot has seen and can see on schedule, keyed by chat, and skips the others', async () => {
    const topic = app.config.kafka.topicPrefix + TOPICS.channelStats;
    const serde = new AvroSerde(app.config.schemaRegistry.url, new TopicNames(app.config.kafka.topicPrefix));
    const ours = async () => {
      const records = await readTopic(topic).catch(() => []);
      const samples = await Promise.all(records.map((r) => serde.decode<ChannelStatsSample>(r.value!)));
      return samples.filter((s) => [visible, other, hidden, unseen].includes(s.channel_id));
    };
    const samples = await eventually(
      ours,
      (s) => new Set(s.map((x) => x.channel_id)).size === 2,
      30_000,
      500,
    );
    const latest = new Map(samples.map((s) => [s.channel_id, s]));
    expect(latest.get(visible)).toMatchObject({ source: 'telegram', metric: 'members', count: 1520 });
    expect(latest.get(other)).toMatchObject({ count: 87 });
    expect(latest.has(hidden)).toBe(false);
    expect(latest.has(unseen)).toBe(false);
    expect(Math.abs(latest.get(visible)!.observed_at - Date.now())).toBeLessThan(60_000);
    const keys = (await readTopic(topic)).map((r) => r.key);
    expect(keys).toContain(`telegram:${visible}`);
  });
});
