/**
 * An example consumer of `social.telegram.updates.v1` for teams that read our topics
 * (docs/topics.md). Against the local stack, while `npm start` runs:
 *
 *   node_modules/.bin/tsx docs/examples/consume-telegram-updates.ts
 *
 * It joins a consumer group, reads every retained update once (then resumes from the group's
 * committed offsets), decodes the Avro values through the schema registry, drops redelivered
 * updates by `update_id`, and prints one line per update until Ctrl-C. Options (all optional):
 * `--brokers 127.0.0.1:19092`, `--registry http://127.0.0.1:18081/apis/ccompat/v7`,
 * `--prefix <KAFKA_TOPIC_PREFIX of the producing deployment>`, `--group <consumer group id>`.
 */
import { parseArgs } from 'node:util';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';

/** The value of a record, as schemas/avro/social.telegram.updates.v1.avsc declares it. */
interface TelegramUpdate {
  update_id: number;
  update_type: string;
  chat_id: number | null;
  chat_type: string | null;
  chat_title: string | null;
  message_id: number | null;
  sender_id: number | null;
  /** Epoch milliseconds (Avro timestamp-millis, decoded as a number). */
  event_time: number;
  received_at: number;
  /** The Update JSON exactly as Telegram sent it. */
  payload: string;
}

const { values: options } = parseArgs({
  options: {
    brokers: { type: 'string', default: '127.0.0.1:19092' },
    registry: { type: 'string', default: 'http://127.0.0.1:18081/apis/ccompat/v7' },
    prefix: { type: 'string', default: '' },
    group: { type: 'string', default: 'example.telegram-updates' },
  },
});

const topic = `${options.prefix}social.telegram.updates.v1`;
const kafka = new Kafka({
  clientId: 'example-telegram-updates',
  brokers: options.brokers.split(','),
  logLevel: logLevel.WARN,
});
// wrapUnions false: a ["null", "long"] field decodes to null or a number, as the producers wrote it.
const registry = new SchemaRegistry({ host: options.registry }, { forSchemaOptions: { wrapUnions: false } });
const consumer = kafka.consumer({ groupId: options.group });

/**
 * Update ids seen lately. Delivery is at least once, so a record can come twice (Telegram
 * redelivers, a producer retries, this consumer restarts before committing). A redelivery keeps
 * its update_id and its key, hence its partition: this memory only needs the partitions this
 * member owns, and a bounded window of them.
 */
class RecentIds {
  private readonly ids = new Set<number>();

  constructor(private readonly capacity: number) {}

  /** Whether `id` was seen already; remembers it otherwise. */
  seen(id: number): boolean {
    if (this.ids.has(id)) return true;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next();
      if (!oldest.done) this.ids.delete(oldest.value);
    }
    return false;
  }
}

const recent = new RecentIds(100_000);

async function handle(partition: number, message: KafkaMessage): Promise<void> {
  const where = `p${partition}@${message.offset}`;
  // Confluent wire format: magic byte 0, 4-byte schema id, Avro body. Anything else is not ours.
  if (!message.value || message.value.length < 5 || message.value.readUInt8(0) !== 0) {
    console.error(`${where} skipped: not in the Confluent wire format`);
    return;
  }
  // A failure here (registry unreachable) throws: kafkajs retries the message and commits nothing.
  const update = (await registry.decode(message.value)) as TelegramUpdate;
  const duplicate = recent.seen(update.update_id) ? ' (redelivered: already seen)' : '';
  const chat = update.chat_id === null ? 'no chat' : `chat ${update.chat_id}`;
  const post = update.message_id === null ? '' : ` message ${update.message_id}`;
  const text = textOf(update);
  console.log(
    `${where} ${message.key?.toString() ?? ''} update ${update.update_id} ${update.update_type} ` +
      `${chat}${post} at ${new Date(update.event_time).toISOString()}${text ? ` "${text}"` : ''}${duplicate}`,
  );
}

/** The text or caption the update carries, shortened; the typed fields do not include it. */
function textOf(update: TelegramUpdate): string {
  let body: unknown;
  try {
    body = (JSON.parse(update.payload) as Record<string, unknown>)[update.update_type];
  } catch {
    return ''; // the webhook stores only JSON, so this is not expected
  }
  if (typeof body !== 'object' || body === null) return '';
  const { text, caption } = body as { text?: unknown; caption?: unknown };
  const found = typeof text === 'string' ? text : typeof caption === 'string' ? caption : '';
  return found.length > 60 ? `${found.slice(0, 59)}…` : found;
}

async function main(): Promise<void> {
  await consumer.connect();
  // fromBeginning applies only while the group has no committed offset: the first run.
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  console.log(`reading ${topic} from ${options.brokers} as group ${options.group} (Ctrl-C stops)`);
  // Offsets are committed after eachMessage resolves (kafkajs autoCommit), so a crash replays a
  // few updates and never skips one.
  await consumer.run({ eachMessage: ({ partition, message }) => handle(partition, message) });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void consumer.disconnect().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
