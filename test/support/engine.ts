import { Kafka, logLevel, type Message } from 'kafkajs';
import { Serdes, windowedSerde } from '../../topologies/engine';
import { uniqueName } from './isolation';
import { type RawRecord, brokers } from './topic-reader';

/** A quiet kafkajs client for tests. */
export function testKafka(clientId = uniqueName('engine-test-')): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 100 },
  });
}

export async function createTopics(
  kafka: Kafka,
  topics: Array<{ topic: string; partitions: number }>,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      // Never trimmed by time: the tests' events carry fixed dates that age past any retention.
      topics: topics.map((t) => ({
        topic: t.topic,
        numPartitions: t.partitions,
        configEntries: [{ name: 'retention.ms', value: '-1' }],
      })),
    });
  } finally {
    await admin.disconnect();
  }
}

/** What one engine test runs on: its input and output topics and its application id. */
export interface EngineTestNames {
  input: string;
  output: string;
  applicationId: string;
}

/**
 * Names an engine test's input topic, output topic and application id uniquely after `name`
 * (`engine-<name>-in-…`, `-out-…`, `-app-…`) and creates both topics with `partitions` each.
 */
export async function engineTopics(kafka: Kafka, name: string, partitions: number): Promise<EngineTestNames> {
  const names = {
    input: uniqueName(`engine-${name}-in-`),
    output: uniqueName(`engine-${name}-out-`),
    applicationId: uniqueName(`engine-${name}-app-`),
  };
  await createTopics(kafka, [
    { topic: names.input, partitions },
    { topic: names.output, partitions },
  ]);
  return names;
}

/** One input event of the engine tests: a string key and its event time. */
export interface KeyedEvent {
  readonly key: string;
  readonly time: number;
  /** Pins the record to a partition (stream-time sentinels); otherwise the key decides. */
  readonly partition?: number;
}

/** Seeded events: `count` records over `keys` keys with event times spread over `spanMs`. */
export function seededEvents(
  count: number,
  keys: number,
  start: number,
  spanMs: number,
  seed = 7,
): KeyedEvent[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: count }, () => ({
    key: `key-${Math.floor(next() * keys)}`,
    time: start + Math.floor(next() * spanMs),
  }));
}

export async function produceEvents(
  kafka: Kafka,
  topic: string,
  events: readonly KeyedEvent[],
): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (let i = 0; i < events.length; i += 500) {
      const messages: Message[] = events.slice(i, i + 500).map((e) => ({
        key: e.key,
        value: JSON.stringify({ key: e.key, time: e.time }),
        timestamp: String(e.time),
        ...(e.partition !== undefined ? { partition: e.partition } : {}),
      }));
      await producer.send({ topic, messages, acks: -1 });
    }
  } finally {
    await producer.disconnect();
  }
}

/** The expected count of every (key, window start) for tumbling windows of `sizeMs`. */
export function windowCounts(events: readonly KeyedEvent[], sizeMs: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of events) {
    const id = `${e.key}@${e.time - (e.time % sizeMs)}`;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

const windowed = windowedSerde(Serdes.string(), 60_000);
const int64 = Serdes.int64();

/** The last count per `key@windowStart` in an output topic of windowed counts. */
export function latestWindowCounts(records: readonly RawRecord[]): Map<string, number> {
  const latest = new Map<string, number>();
  for (const record of records) {
    const key = windowed.deserialize(record.key, 'out');
    latest.set(`${key.key}@${key.window.start}`, int64.deserialize(record.value, 'out'));
  }
  return latest;
}

/** Waits until the group has committed the end of every partition of `topic`. */
export async function waitForCommitted(
  kafka: Kafka,
  groupId: string,
  topic: string,
  timeoutMs = 120_000,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const ends = await admin.fetchTopicOffsets(topic);
      const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
      const offsets = new Map(committed[0]?.partitions.map((p) => [p.partition, p.offset]) ?? []);
      if (ends.every((e) => e.high === '0' || offsets.get(e.partition) === e.high)) return;
      if (Date.now() > deadline) throw new Error(`group ${groupId} did not catch up on ${topic}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await admin.disconnect();
  }
}
