import avro from 'avsc';
import {
  CompressionTypes,
  Partitioners,
  type Admin,
  type Kafka,
  type Message,
  type PartitionMetadata,
} from 'kafkajs';
import { registerSchema } from './registry';
import { valueSchema, workloadRecords } from './workload';
import { windowKey } from './true-counts';

export const PARTITIONS = 4;
const MESSAGES_PER_SEND = 2_000;
const WINDOW_MS = 60_000;

export interface GeneratedInput {
  schemaId: number;
  records: number;
  meanValueBytes: number;
  /** Distinct (key, one-minute window) pairs: each is emitted at least once, so the least output. */
  distinctWindows: number;
  /** Each window's true count (`<key>@<windowStartMs>`): what every contender's output must end at. */
  trueCounts: Map<string, number>;
  seconds: number;
}

/**
 * Creates topics of `PARTITIONS` partitions (the broker never auto-creates them), kept regardless of
 * record age: outputs carry the workload's event times, older than the default 7-day retention, and
 * the broker would delete their segments in the middle of a run.
 */
export async function createTopics(admin: Admin, topics: string[]): Promise<void> {
  await admin.createTopics({
    waitForLeaders: true,
    topics: topics.map((topic) => ({
      topic,
      numPartitions: PARTITIONS,
      replicationFactor: 1,
      configEntries: [{ name: 'retention.ms', value: '-1' }],
    })),
  });
}

/** One partition's pending messages and its one send in flight. */
interface Lane {
  messages: Message[];
  inFlight: Promise<unknown>;
}

/**
 * Registers the value schema under `<topic>-value` and produces the workload in the Confluent wire
 * format (magic byte 0, 4-byte schema id, Avro body): large batches, acks 1, no compression. Each
 * partition has at most one send in flight, so batches never overtake each other and event time
 * rises along each partition as the grace period assumes; the partitions send in parallel.
 */
export async function generateInput(
  kafka: Kafka,
  registryUrl: string,
  topic: string,
  count: number,
  seed: number,
): Promise<GeneratedInput> {
  const started = performance.now();
  const schema = valueSchema();
  const schemaId = await registerSchema(registryUrl, `${topic}-value`, schema);
  const type = avro.Type.forSchema(JSON.parse(schema) as avro.Schema);
  const header = Buffer.alloc(5);
  header.writeInt32BE(schemaId, 1);
  const partitionOf = javaCompatiblePartitioner(topic);

  // Messages carry their partition; the partitioner named here only keeps kafkajs from warning.
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const lanes: Lane[] = Array.from({ length: PARTITIONS }, () => ({
    messages: [],
    inFlight: Promise.resolve(),
  }));
  const flush = async (lane: Lane): Promise<void> => {
    await lane.inFlight;
    const sent = producer.send({
      topic,
      messages: lane.messages,
      acks: 1,
      compression: CompressionTypes.None,
    });
    // Its failure is thrown by the next await on it, not reported as unhandled meanwhile.
    sent.catch(() => undefined);
    lane.inFlight = sent;
    lane.messages = [];
  };
  let valueBytes = 0;
  const trueCounts = new Map<string, number>();
  try {
    for (const record of workloadRecords(count, seed)) {
      const value = Buffer.concat([header, type.toBuffer(record.value)]);
      valueBytes += value.length;
      const window = windowKey(record.key, record.value.event_time - (record.value.event_time % WINDOW_MS));
      trueCounts.set(window, (trueCounts.get(window) ?? 0) + 1);
      const partition = partitionOf(record.key);
      const lane = lanes[partition]!;
      lane.messages.push({ key: record.key, value, partition });
      if (lane.messages.length === MESSAGES_PER_SEND) await flush(lane);
    }
    for (const lane of lanes) if (lane.messages.length > 0) await flush(lane);
    await Promise.all(lanes.map((lane) => lane.inFlight));
  } finally {
    await producer.disconnect();
  }
  return {
    schemaId,
    records: count,
    meanValueBytes: count > 0 ? valueBytes / count : 0,
    distinctWindows: trueCounts.size,
    trueCounts,
    seconds: (performance.now() - started) / 1000,
  };
}

/** kafkajs's default partitioner: Java's murmur2, so each key sits where Kafka Streams expects it. */
function javaCompatiblePartitioner(topic: string): (key: string) => number {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata: PartitionMetadata[] = Array.from({ length: PARTITIONS }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
  }));
  return (key) => partitioner({ topic, partitionMetadata, message: { key, value: null } });
}
