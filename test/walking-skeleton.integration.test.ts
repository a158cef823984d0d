import { Kafka, logLevel } from 'kafkajs';
import type { TelegramUpdateRecord } from '../schemas/records/telegram-update';
import { NO_ACTIVITY } from '../schemas/activity-records';
import { AvroSerde } from '../schemas/serde/avro-serde';
import { TOPICS, TopicNames } from '../schemas/topics';
import {
  getJson,
  type MetricsBody,
  opsUrl,
  postUpdate,
  startApp,
  useAccount,
  type RunningApp,
} from './support/app';
import { eventually } from './support/eventually';
import { CHANNEL_ID, channelPost, editedChannelPost, reactionCount } from './support/telegram-updates';
import { readTopic } from './support/topic-reader';

/** One event through every layer: webhook → Avro on Kafka → processor → ClickHouse → API. */
describe('walking skeleton: Telegram webhook to metrics API', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
    await useAccount(app, 'pro', [`telegram:${CHANNEL_ID}`]);
  });
  afterAll(async () => {
    await app?.stop();
  });

  const minute = (epochSeconds: number) =>
    new Date(Math.floor(epochSeconds / 60) * 60_000).toISOString().replace('.000Z', 'Z');

  const t0 = Math.floor(Date.now() / 1000 / 60) * 60 - 180; // three whole minutes ago
  const updates = [
    channelPost(500_001, 11, t0 + 5),
    channelPost(500_002, 12, t0 + 40),
    channelPost(500_003, 13, t0 + 65),
    editedChannelPost(500_004, 11, t0 + 5), // an edit is not a new post
    reactionCount(500_005, 12, t0 + 70), // nor is a reaction
    channelPost(500_001, 11, t0 + 5), // redelivery of the first update
  ];

  it('counts channel posts per minute, once each, however often Telegram delivers them', async () => {
    for (const update of updates) {
      expect((await postUpdate(app, update)).status).toBe(200);
    }

    const path = `/v1/channels/telegram:${CHANNEL_ID}/metrics?granularity=minute&from=${new Date((t0 - 60) * 1000).toISOString()}`;
    const { body } = await eventually(
      () => getJson(app, path),
      (r) => r.status === 200 && r.body.windows.length === 2 && r.body.windows[1]?.reactions === 5,
    );
    expect(body.windows).toEqual([
      // The edit counts as an edit, not a post; the reactions where they were observed.
      { window_start: minute(t0), ...NO_ACTIVITY, posts: 2, edits: 1 },
      { window_start: minute(t0 + 60), ...NO_ACTIVITY, posts: 1, reactions: 5 },
    ]);

    const hourly = await getJson(app, path.replace('granularity=minute', 'granularity=hour'));
    expect(hourly.body.windows.reduce((sum: number, w: { posts: number }) => sum + w.posts, 0)).toBe(3);
  });

  it('stores each update as Avro in the Confluent wire format, keyed by chat, with the original JSON', async () => {
    const records = await readTopic(app.config.kafka.topicPrefix + TOPICS.telegramUpdates);
    expect(records.length).toBe(6);
    const serde = new AvroSerde(app.config.schemaRegistry.url, new TopicNames(app.config.kafka.topicPrefix));
    for (const [index, record] of records.entries()) {
      const sent = updates[index];
      expect(record.key).toBe(`telegram:${CHANNEL_ID}`);
      expect(record.value?.readUInt8(0)).toBe(0); // magic byte, then the schema id
      const decoded = await serde.decode<TelegramUpdateRecord>(record.value ?? Buffer.alloc(0));
      expect(decoded.update_id).toBe(sent?.update_id);
      expect(decoded.chat_id).toBe(CHANNEL_ID);
      // The original JSON, emoji included, survives the trip byte for byte.
      expect(decoded.payload).toBe(JSON.stringify(sent));
    }
  });

  it('answers /readyz with every dependency reachable, and /metrics with the pipeline counters', async () => {
    const ready = await fetch(`${opsUrl(app)}/readyz`).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as { dependencies: Record<string, { ok: boolean }> },
    }));
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.dependencies).sort()).toEqual([
      'clickhouse',
      'kafka',
      'postgres',
      'redis',
      's3',
      'schema_registry',
    ]);
    const metrics = await (await fetch(`${opsUrl(app)}/metrics`)).text();
    expect(metrics).toMatch(
      /social_analytics_webhook_requests_total\{source="telegram",outcome="stored"\} 6/,
    );
    expect(metrics).toMatch(
      /social_analytics_processor_records_total\{topology="channel-content",outcome="processed"\} [1-9]/,
    );
    expect(metrics).toContain('social_analytics_process_cpu_seconds_total');
  });

  it('serves repeated queries from the cache and drops them when fresher windows land', async () => {
    const path = `/v1/channels/telegram:${CHANNEL_ID}/metrics?granularity=day`;
    const before = await getJson(app, path);
    const again = await getJson(app, path);
    expect(again.body).toEqual(before.body);
    const metrics = await (await fetch(`${opsUrl(app)}/metrics`)).text();
    // Asked again at once: this process's recent answer (within a second), else Redis's.
    expect(metrics).toMatch(/social_analytics_query_cache_total\{result="hit(_local)?"\} [1-9]/);

    const now = Math.floor(Date.now() / 1000);
    expect((await postUpdate(app, channelPost(500_010, 20, now))).status).toBe(200);
    const total = (r: { body: { windows: { posts: number }[] } }) =>
      r.body.windows.reduce((s, w) => s + w.posts, 0);
    const after = await eventually(
      () => getJson(app, path),
      (r) => total(r) === total(before) + 1,
    );
    expect(total(after)).toBe(total(before) + 1);
  });

  it('pushes fresher windows to a live (Server-Sent Events) listener as they land', async () => {
    const abort = new AbortController();
    const response = await fetch(
      `${app.baseUrl}/v1/channels/telegram:${CHANNEL_ID}/live?granularity=minute`,
      {
        headers: { authorization: `Bearer ${app.token}` },
        signal: abort.signal,
      },
    );
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    let buffered = '';
    const nextEvent = async (): Promise<MetricsBody> => {
      for (;;) {
        const end = buffered.indexOf('\n\n');
        if (end >= 0) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (block.startsWith('event: windows') && data) return JSON.parse(data.slice(6)) as MetricsBody;
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        buffered += new TextDecoder().decode(value);
      }
    };
    try {
      const total = (body: MetricsBody) => body.windows.reduce((sum, w) => sum + w.posts, 0);
      const first = await nextEvent();
      expect(first).toMatchObject({ channel: `telegram:${CHANNEL_ID}`, granularity: 'minute' });
      expect((await postUpdate(app, channelPost(500_020, 30, Math.floor(Date.now() / 1000)))).status).toBe(
        200,
      );
      let latest = await nextEvent();
      while (total(latest) <= total(first)) latest = await nextEvent();
      expect(total(latest)).toBe(total(first) + 1);
    } finally {
      abort.abort();
    }
  });
});

describe('processor with records it cannot decode', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ ROLES: 'processors' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('dead-letters them with their origin and reason, and commits past them', async () => {
    const topic = app.config.kafka.topicPrefix + TOPICS.telegramUpdates;
    const kafka = new Kafka({
      clientId: 'test-poison',
      brokers: app.config.kafka.brokers,
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { key: 'telegram:1', value: Buffer.from('{"not":"avro"}'), partition: 0 },
        { key: 'telegram:1', value: Buffer.from([0, 0x7f, 0xff, 0xff, 0xf1, 1, 2]), partition: 0 },
      ],
    });
    await producer.disconnect();

    const dead = await eventually(
      () => readTopic(`${topic}.dlq`),
      (records) => records.length === 2,
    );
    expect(dead.map((r) => r.headers['dlq.error.code'])).toEqual([
      'SERDE_CORRUPT_RECORD',
      'SERDE_UNKNOWN_SCHEMA',
    ]);
    expect(dead[0]?.value?.toString()).toBe('{"not":"avro"}');
    expect(dead[1]?.headers).toMatchObject({
      'dlq.source.topic': topic,
      'dlq.source.partition': '0',
      'dlq.source.offset': '1',
    });
    expect(dead[1]?.key).toBe('telegram:1');

    const admin = kafka.admin();
    await admin.connect();
    const committed = await eventually(
      () => admin.fetchOffsets({ groupId: app.config.kafka.processorGroupId, topics: [topic] }),
      (offsets) => offsets[0]?.partitions.find((p) => p.partition === 0)?.offset === '2',
    );
    await admin.disconnect();
    expect(committed[0]?.partitions.find((p) => p.partition === 0)?.offset).toBe('2');
  });
});
