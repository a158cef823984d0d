import avro from 'avsc';
import { parseArgs } from 'node:util';
import { fetchSchemaText } from '../../schemas/serde/schema-text';
import { benchKafka } from './kafka-client';

/**
 * The ceiling: a bare kafkajs consumer group member that fetches every record and decodes its value
 * (Confluent wire format, writer schema by id from the registry, avsc), and nothing else. Offsets
 * are committed the kafkajs default way: after each fetched batch. No windowing, no state, no
 * output, so no stream processor on kafkajs can beat it on this machine.
 *
 * Usage: `--brokers B --registry URL --input TOPIC --group-id ID`. Runs until SIGTERM/SIGINT.
 */
const { values: args } = parseArgs({
  options: {
    brokers: { type: 'string', default: '127.0.0.1:19092' },
    registry: { type: 'string' },
    input: { type: 'string' },
    'group-id': { type: 'string' },
  },
});

const HEADER_LENGTH = 5;

async function main(): Promise<void> {
  const { registry, input, 'group-id': groupId } = args;
  if (!registry || !input || !groupId) throw new Error('--registry, --input and --group-id are required');
  const types = new Map<number, avro.Type>();
  const load = async (id: number): Promise<avro.Type> => {
    const type = avro.Type.forSchema(JSON.parse(await fetchSchemaText(registry, id)) as avro.Schema);
    types.set(id, type);
    return type;
  };

  const consumer = benchKafka(args.brokers.split(','), 'bench-ceiling').consumer({ groupId });
  let decoded = 0;
  const stop = async (): Promise<void> => {
    await consumer.disconnect();
    process.stderr.write(`ceiling: decoded ${decoded} records\n`);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());

  await consumer.connect();
  await consumer.subscribe({ topic: input, fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch, heartbeat }) => {
      for (const message of batch.messages) {
        const value = message.value;
        if (!value || value.length < HEADER_LENGTH || value[0] !== 0) {
          throw new Error(`offset ${message.offset}: value is not in the Confluent wire format`);
        }
        const id = value.readInt32BE(1);
        // The await only on a cache miss: one promise per record would cost the ceiling throughput.
        const type = types.get(id) ?? (await load(id));
        type.fromBuffer(value.subarray(HEADER_LENGTH));
        decoded++;
      }
      await heartbeat();
    },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `ceiling: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
