/**
 * The benchmark topology written with the engine, and the topology module that lets the engine
 * build it in each of its stream threads (worker threads): group by key (channel), one-minute
 * tumbling windows of event time with 5 s grace, count, emit on update (cached) to the output
 * topic as `<key>@<windowStartMs>`.
 */
import type { TelegramUpdateRecord } from '../../schemas/records/telegram-update';
import {
  Serdes,
  StreamsBuilder,
  TimeWindows,
  type Topology,
  type TopologyModule,
  confluentAvroSerde,
  defineStreamsModule,
} from '../../topologies/engine';
import { benchKafka } from './kafka-client';
import { threadLine } from './thread-lines';

export interface EngineTopologyArgs {
  readonly input: string;
  readonly output: string;
  /** Schema registry URL. */
  readonly registry: string;
  readonly brokers: string[];
}

/** The topology; the in-thread path (`engine-app.ts --inline`) builds it directly. */
export function engineTopology(args: Pick<EngineTopologyArgs, 'input' | 'output' | 'registry'>): Topology {
  const builder = new StreamsBuilder();
  builder
    .stream<string, TelegramUpdateRecord>(args.input, {
      keySerde: Serdes.string(),
      valueSerde: confluentAvroSerde<TelegramUpdateRecord>({ registryUrl: args.registry }),
      timestampExtractor: (record) => Number(record.value.event_time),
    })
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeWithGrace(60_000, 5_000))
    .count()
    // `<key>@<windowStartMs>`, as the README specifies and Kafka Streams' contender writes
    // (its `toStream(mapper)` is this `toStream().selectKey(mapper)`).
    .toStream()
    .selectKey((windowed) => `${windowed.key}@${windowed.window.start}`)
    .to(args.output, { keySerde: Serdes.string(), valueSerde: Serdes.int64() });
  return builder.build();
}

/** Each stream thread builds the topology and its own client; the app's thread only plans. */
export default defineStreamsModule((args: EngineTopologyArgs, context) => {
  if (context.role !== 'run') return { topology: engineTopology(args) };
  // Worker stderr reaches the process's, so the harness reads from the log how many threads ran.
  process.stderr.write(threadLine(context.threadIndex, 'worker'));
  return {
    topology: engineTopology(args),
    kafka: benchKafka(args.brokers, `bench-engine-${context.threadIndex}`),
  };
});

/** The module reference `new StreamsApp(...)` takes. */
export function engineTopologyModule(args: EngineTopologyArgs): TopologyModule<EngineTopologyArgs> {
  return { path: __filename, args };
}
