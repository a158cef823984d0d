/**
 * The engine in one file, against the local stack (`npm run stack up`):
 *
 *   node_modules/.bin/tsx topologies/examples/engine-quickstart.ts
 *
 * It creates two topics, writes a few posts of two channels, counts posts per channel in
 * one-minute windows of event time (final results only), prints the counts, and stops.
 */
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Serdes, StreamsApp, StreamsBuilder, Suppressed, TimeWindows, windowedSerde } from '../engine';

interface Post {
  channel: string;
  text: string;
  time: number;
}

const kafka = new Kafka({
  clientId: 'engine-quickstart',
  brokers: ['127.0.0.1:19092'],
  logLevel: logLevel.WARN,
});
const run = randomBytes(3).toString('hex');
const posts = `quickstart.posts.${run}`;
const counts = `quickstart.posts-per-minute.${run}`;

function topology() {
  const builder = new StreamsBuilder();
  builder
    .stream<string, Post>(posts, {
      keySerde: Serdes.string(),
      valueSerde: Serdes.json<Post>(),
      timestampExtractor: (record) => record.value.time,
    })
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeWithGrace(60_000, 5_000))
    .count({ name: 'posts-per-minute' })
    .suppress(Suppressed.untilWindowCloses)
    .toStream()
    .to(counts, { keySerde: windowedSerde(Serdes.string(), 60_000), valueSerde: Serdes.int64() });
  return builder.build();
}

async function main(): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [posts, counts].map((topic) => ({ topic, numPartitions: 2 })),
  });
  await admin.disconnect();

  const start = Date.now() - 10 * 60_000;
  const events: Post[] = [
    ...[5, 20, 50, 70].map((s) => ({ channel: 'telegram:-1001', text: 'hi', time: start + s * 1000 })),
    ...[10, 65].map((s) => ({ channel: 'telegram:-1002', text: 'yo', time: start + s * 1000 })),
    // Later posts on both channels move stream time past the first windows, which then close.
    ...['telegram:-1001', 'telegram:-1002'].map((channel) => ({
      channel,
      text: 'later',
      time: start + 200_000,
    })),
  ];
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: posts,
    messages: events.map((e) => ({ key: e.channel, value: JSON.stringify(e) })),
  });
  await producer.disconnect();

  const app = new StreamsApp(topology(), { applicationId: `quickstart-${run}`, kafka });
  console.log(topology().describe());
  await app.start();

  const consumer = kafka.consumer({ groupId: `quickstart-reader-${run}` });
  const keys = windowedSerde(Serdes.string(), 60_000);
  await consumer.connect();
  await consumer.subscribe({ topic: counts, fromBeginning: true });
  let seen = 0;
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        const key = keys.deserialize(message.key, counts);
        const minute = new Date(key.window.start).toISOString().slice(11, 16);
        console.log(`${key.key} ${minute} UTC: ${Serdes.int64().deserialize(message.value, counts)} posts`);
        if ((seen += 1) === 4) resolve();
      },
    });
  });
  await consumer.disconnect();
  await app.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
