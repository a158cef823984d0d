import { parseArgs } from 'node:util';
import pino from 'pino';
import type { TelegramUpdateRecord } from '../../schemas/records/telegram-update';
import {
  type ProcessingGuarantee,
  Serdes,
  StreamsApp,
  StreamsBuilder,
  TimeWindows,
  confluentAvroSerde,
} from '../../topologies/engine';
import { benchKafka } from './kafka-client';

/**
 * The benchmark topology written with the engine: group by key (channel), one-minute tumbling
 * windows of event time with 5 s grace, count, emit on update (cached) to the output topic.
 *
 * Usage: `--mode at_least_once|exactly_once --brokers B --registry URL --input T --output T
 * --application-id ID`. Runs until SIGTERM/SIGINT.
 */
const { values: args } = parseArgs({
  options: {
    mode: { type: 'string', default: 'at_least_once' },
    brokers: { type: 'string', default: '127.0.0.1:19092' },
    registry: { type: 'string' },
    input: { type: 'string' },
    output: { type: 'string' },
    'application-id': { type: 'string' },
    'state-dir': { type: 'string' },
  },
});

async function main(): Promise<void> {
  const { registry, input, output, 'application-id': applicationId } = args;
  if (!registry || !input || !output || !applicationId) {
    throw new Error('--registry, --input, --output and --application-id are required');
  }
  const builder = new StreamsBuilder();
  builder
    .stream<string, TelegramUpdateRecord>(input, {
      keySerde: Serdes.string(),
      valueSerde: confluentAvroSerde<TelegramUpdateRecord>({ registryUrl: registry }),
      timestampExtractor: (record) => Number(record.value.event_time),
    })
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeWithGrace(60_000, 5_000))
    .count()
    // `<key>@<windowStartMs>`, as the README specifies and Kafka Streams' contender writes
    // (its `toStream(mapper)` is this `toStream().selectKey(mapper)`).
    .toStream()
    .selectKey((windowed) => `${windowed.key}@${windowed.window.start}`)
    .to(output, { keySerde: Serdes.string(), valueSerde: Serdes.int64() });
  const app = new StreamsApp(builder.build(), {
    applicationId,
    kafka: benchKafka(args.brokers.split(','), 'bench-engine'),
    processingGuarantee: args.mode as ProcessingGuarantee,
    logger: pino({ level: 'warn' }),
    ...(args['state-dir'] ? { stateDir: args['state-dir'] } : {}),
  });
  app.onError((error) => {
    process.stderr.write(`engine: ${error.code} ${error.message}\n`);
    process.exit(1);
  });
  const stop = async (): Promise<void> => {
    await app.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  await app.start();
}

main().catch((error: unknown) => {
  process.stderr.write(
    `engine: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
