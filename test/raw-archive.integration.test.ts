import {
  GetObjectCommand,
  ListObjectVersionsCommand,
  type S3Client,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { decodeContainer } from '../connectors/lake/avro-container';
import { openIntake } from '../connectors/intake';
import { ensureTopics } from '../connectors/kafka/ensure-topics';
import { toUpdateRecord } from '../connectors/telegram/update-record';
import { loadConfig } from '../platform/config';
import { createS3 } from '../platform/clients/s3';
import { createLogger } from '../platform/logger';
import { TOPICS, type TopicName } from '../schemas/topics';
import { testKafka, waitForCommitted } from './support/engine';
import { isolatedVariables } from './support/isolation';
import { deleteTopicsWithPrefix } from './support/topic-cleanup';
import { startHealthyProduct } from './support/product-process';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

/** One record for the topic, with the id that names it in the archive. */
interface Sent {
  topic: TopicName;
  key: string;
  value: object;
  id: string;
}

/** Records of all four input topics, interleaved as they would arrive. */
function workload(): Sent[] {
  const sent: Sent[] = [];
  for (let i = 0; i < 300; i += 1) {
    const chat = -1001000000001 - (i % 3);
    const update = {
      update_id: 7_000_000 + i,
      channel_post: {
        message_id: i + 1,
        date: T0 / 1000 + i,
        chat: { id: chat, type: 'channel', title: 't' },
        text: `post ${i}`,
      },
    };
    const record = toUpdateRecord(update, JSON.stringify(update), new Date(T0 + i * 1000));
    sent.push({
      topic: TOPICS.telegramUpdates,
      key: `telegram:${chat}`,
      value: record,
      id: String(update.update_id),
    });
    if (i % 2 === 0) {
      const event = {
        event_id: `evt_archive_${i}`,
        event_type: 'invoice.paid',
        customer_id: `cus_archive_${i % 5}`,
        object_id: null,
        livemode: false,
        api_version: null,
        created_at: T0 + i,
        received_at: T0 + i,
        payload: '{}',
      };
      sent.push({ topic: TOPICS.stripeEvents, key: event.customer_id, value: event, id: event.event_id });
    }
    if (i % 3 === 0) {
      const sample = {
        source: 'telegram',
        channel_id: String(chat),
        metric: 'members',
        count: 1000 + i,
        observed_at: T0 + i * 1000,
      };
      sent.push({
        topic: TOPICS.channelStats,
        key: `telegram:${chat}`,
        value: sample,
        id: `${chat}/${sample.count}`,
      });
    }
    if (i % 4 === 0) {
      const tweet = {
        tweet_id: String(9_000_000 + i),
        author_id: String(100 + (i % 3)),
        created_at: T0 + i * 1000,
        text: `tweet ${i}`,
        lang: null,
        conversation_id: null,
        referenced_type: null,
        referenced_tweet_id: null,
        like_count: i,
        retweet_count: 0,
        reply_count: 0,
        quote_count: 0,
        bookmark_count: null,
        impression_count: null,
        observed_via: 'timeline',
        search_query: null,
        observed_at: T0 + i * 1000,
        payload: '{}',
      };
      sent.push({
        topic: TOPICS.twitterTweets,
        key: `twitter:${tweet.author_id}`,
        value: tweet,
        id: tweet.tweet_id,
      });
    }
  }
  return sent;
}

/** The id a decoded archived value carries, per topic. */
function idOf(topic: TopicName, value: Record<string, unknown>): string {
  if (topic === TOPICS.telegramUpdates) return String(value.update_id);
  if (topic === TOPICS.stripeEvents) return String(value.event_id);
  if (topic === TOPICS.channelStats) return `${String(value.channel_id)}/${String(value.count)}`;
  return String(value.tweet_id);
}

async function listKeys(s3: S3Client, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: 'raw-data/' })) {
    keys.push(...(page.Contents ?? []).map((object) => object.Key as string));
  }
  return keys;
}

/** Keys of raw-data/ objects that have an older version: a replay wrote them again. */
async function rewrittenKeys(s3: S3Client, bucket: string): Promise<Set<string>> {
  const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: 'raw-data/' }));
  return new Set((versions.Versions ?? []).filter((v) => !v.IsLatest).map((v) => v.Key as string));
}

const FOLDERS = new Map<string, TopicName>([
  ['telegram', TOPICS.telegramUpdates],
  ['stripe', TOPICS.stripeEvents],
  ['channel-stats', TOPICS.channelStats],
  ['twitter', TOPICS.twitterTweets],
]);

/**
 * Every archived value by id (`<topic>/<id>`) with how many times the lake holds it, and the
 * objects whose name does not match their content (topic, first offset).
 */
async function readArchive(
  s3: S3Client,
  bucket: string,
  topicOf: (topic: TopicName) => string,
): Promise<{ found: Map<string, number>; misnamed: string[] }> {
  const found = new Map<string, number>();
  const misnamed: string[] = [];
  for (const key of await listKeys(s3, bucket)) {
    const match = /^raw-data\/([a-z-]+)\/\d{4}\/\d{2}\/\d{2}\/(.+)\+(\d+)\+(\d{10})\.avro$/.exec(key);
    const topic = FOLDERS.get(match?.[1] ?? '');
    if (!match || !topic) throw new Error(`unexpected object ${key}`);
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const file = await decodeContainer(Buffer.from(await object.Body!.transformToByteArray()));
    const first = file.metadata['kafka.offset.first'];
    if (match[2] !== topicOf(topic) || BigInt(first ?? -1) !== BigInt(match[4]!)) misnamed.push(key);
    for (const value of file.values) {
      const id = `${topic}/${idOf(topic, value as Record<string, unknown>)}`;
      found.set(id, (found.get(id) ?? 0) + 1);
    }
  }
  return { found, misnamed };
}

describe('raw archive into the lake', () => {
  it('holds every input record exactly once after SIGKILLs while records flow', async () => {
    const variables = {
      ...isolatedVariables(),
      NODE_ENV: 'test',
      KAFKA_TOPIC_PARTITIONS: '2',
      ARCHIVE_COMMIT_INTERVAL_MS: '200',
      ARCHIVE_RECORDS_PER_FILE: '4',
    };
    const config = loadConfig(variables);
    const bucket = config.s3.bucket;
    const intake = openIntake(config, createLogger('silent'));
    const s3 = createS3(config.s3);
    const sent = workload();
    const start = () => startHealthyProduct({ ...variables, ROLES: 'processors', LOG_LEVEL: 'warn' });
    const send = async (records: Sent[]) => {
      for (const record of records) {
        const value = await intake.serde.encode(record.topic, record.value);
        await intake.producer.send(intake.topics.of(record.topic), [{ key: record.key, value }]);
      }
    };
    // The topics exist before the processors start, as in any deployment that has run once.
    const admin = testKafka().admin();
    await admin.connect();
    await ensureTopics(admin, intake.topics.specs(config.kafka.topicPartitions));
    await admin.disconnect();
    let product = await start();
    try {
      // Sixteen chunks; while each flows in, a SIGKILL, until one has landed between a file's write
      // and its offsets' commit (the replay then wrote that object again: it has two versions).
      // Where a kill lands is up to the machine's timing: enough chunks that one lands there.
      const chunks = 16;
      const size = Math.ceil(sent.length / chunks);
      for (let i = 0; i < chunks; i += 1) {
        const sending = send(sent.slice(i * size, (i + 1) * size));
        await new Promise((resolve) => setTimeout(resolve, 300 + ((i * 137) % 400)));
        if (i < chunks - 1 && (await rewrittenKeys(s3, bucket)).size === 0) {
          product.child.kill('SIGKILL');
          await product.exit;
          product = await start();
        }
        await sending;
      }
      const kafka = testKafka();
      for (const topic of FOLDERS.values()) {
        await waitForCommitted(kafka, config.lake.archive.groupId, intake.topics.of(topic), 180_000).catch(
          (error: unknown) => {
            const logs = product.stdout.filter((line) => line.includes('raw-archive')).slice(-5);
            throw new Error(`${String(error)}\n${logs.join('\n')}`);
          },
        );
      }
    } finally {
      product.child.kill('SIGTERM');
      await product.exit;
      await intake.close();
    }

    try {
      const { found, misnamed } = await readArchive(s3, bucket, (topic) => intake.topics.of(topic));
      const expected = new Map(sent.map((record) => [`${record.topic}/${record.id}`, 1]));
      expect(found.size).toBe(sent.length);
      expect(found).toEqual(expected);
      expect(misnamed).toEqual([]);
      // Whether a kill landed between a file's write and its commit is the machine's timing
      // (replays that rewrite a file are exercised deterministically in
      // connectors/lake/raw-archive-layout.test.ts).
      // The size roll cut files: more of them than the four topics' partitions alone would make.
      expect((await listKeys(s3, bucket)).length).toBeGreaterThan(sent.length / 4);
    } finally {
      s3.destroy();
      await deleteTopicsWithPrefix(config.kafka.topicPrefix);
    }
  }, 600_000);
});
