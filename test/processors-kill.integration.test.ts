import { loadConfig } from '../platform/config';
import { createClickHouse } from '../platform/clients/clickhouse';
import { createLogger } from '../platform/logger';
import { openIntake } from '../connectors/intake';
import { toUpdateRecord } from '../connectors/telegram/update-record';
import { updateKey } from '../schemas/records/telegram-update';
import { TOPICS } from '../schemas/topics';
import { testKafka, waitForCommitted } from './support/engine';
import { isolatedVariables } from './support/isolation';
import { deleteTopicsWithPrefix } from './support/topic-cleanup';
import { startHealthyProduct } from './support/product-process';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const CHANNELS = [-1001000000001, -1001000000002, -1001000000003, -1001000000004];

/** A channel post (or its edit) as Telegram sends it; the same update id is a redelivery. */
function channelPost(updateId: number, chat: number, messageId: number, date: number, edited = false) {
  const message = {
    message_id: messageId,
    date: Math.floor(date / 1000),
    chat: { id: chat, type: 'channel', title: `Channel ${chat}`, username: `channel_${-chat}` },
    text: edited ? `post ${messageId}, edited` : `post ${messageId} #kill`,
    ...(edited ? { edit_date: Math.floor(date / 1000) + 30 } : {}),
  };
  return { update_id: updateId, [edited ? 'edited_channel_post' : 'channel_post']: message };
}

/**
 * 1,200 posts over 20 minutes of four channels, in arrival order: 10% delivered twice (a later
 * update with the same id), 10% edited later, some arriving minutes out of order.
 */
function workload() {
  const updates: object[] = [];
  const truth = new Map<string, number>();
  let updateId = 5_000_000;
  for (let i = 0; i < 1_200; i += 1) {
    const chat = CHANNELS[i % CHANNELS.length]!;
    // Mostly in order, every seventh post from up to 10 minutes earlier (late and out of order).
    const date =
      T0 + Math.floor(i / 60) * 60_000 + ((i * 7919) % 60_000) - (i % 7 === 0 ? (i % 10) * 60_000 : 0);
    const posted = Math.max(T0, date);
    const post = channelPost((updateId += 1), chat, i + 1, posted);
    updates.push(post);
    if (i % 10 === 3) updates.push(post);
    if (i % 10 === 6) updates.push(channelPost((updateId += 1), chat, i + 1, posted, true));
    const key = `${chat}@${Math.floor(posted / 60_000) * 60_000}`;
    truth.set(key, (truth.get(key) ?? 0) + 1);
  }
  return { updates, truth };
}

describe('processors through SIGKILL', () => {
  it.each(['1', '2'])(
    'count every post once in ClickHouse although the processors are killed five times while posts flow (%s stream threads)',
    async (streamThreads) => {
      const variables = {
        ...isolatedVariables(),
        NODE_ENV: 'test',
        KAFKA_TOPIC_PARTITIONS: '2',
        PROCESSOR_STREAM_THREADS: streamThreads,
      };
      const config = loadConfig(variables);
      const intake = openIntake(config, createLogger('silent'));
      const { updates, truth } = workload();
      const start = () => startHealthyProduct({ ...variables, ROLES: 'processors', LOG_LEVEL: 'warn' });
      let product = await start();
      const topic = intake.topics.of(TOPICS.telegramUpdates);
      try {
        // Six chunks; after each of the first five, a SIGKILL while the processors work on it.
        const chunk = Math.ceil(updates.length / 6);
        for (let kill = 0; kill < 6; kill += 1) {
          for (const update of updates.slice(kill * chunk, (kill + 1) * chunk)) {
            const record = toUpdateRecord(update, JSON.stringify(update), new Date(T0));
            const value = await intake.serde.encode(TOPICS.telegramUpdates, record);
            await intake.producer.send(topic, [{ key: updateKey(record), value }]);
          }
          if (kill === 5) break;
          await new Promise((resolve) => setTimeout(resolve, 100 + kill * 150));
          product.child.kill('SIGKILL');
          await product.exit;
          product = await start();
        }
        await waitForCommitted(testKafka(), config.kafka.processorGroupId, topic, 180_000);
      } finally {
        product.child.kill('SIGTERM');
        await product.exit;
        await intake.close();
      }

      const clickhouse = createClickHouse(config.clickhouse);
      try {
        const result = await clickhouse.query({
          query: `SELECT channel_id, toUnixTimestamp(window_start) * 1000 AS start, posts
                FROM ${config.clickhouse.database}.channel_metrics FINAL
                WHERE granularity = 'minute' AND posts > 0`,
          format: 'JSONEachRow',
        });
        const rows = await result.json<{ channel_id: string; start: number; posts: number }>();
        const counted = new Map(rows.map((r) => [`${r.channel_id}@${r.start}`, Number(r.posts)]));
        expect(counted).toEqual(truth);
      } finally {
        await clickhouse.close();
        await deleteTopicsWithPrefix(config.kafka.topicPrefix);
      }
    },
  );
});
