import {
  type ExternalSink,
  Serdes,
  StreamsBuilder,
  Suppressed,
  TimeWindows,
  type Topology,
  type Windowed,
  windowedSerde,
} from '../../topologies/engine';

export interface WindowedCountOptions {
  readonly graceMs: number;
  readonly suppress?: boolean;
  readonly persistent?: boolean;
  readonly storeName?: string;
  readonly lateRecordsTopic?: string;
  /** A record with this key makes the processor throw. */
  readonly poisonKey?: string;
}

export interface WindowedCountSinks {
  /** Where windows go besides the output topic (a database table, in the sink tests). */
  readonly external?: ExternalSink<Windowed<string>, number>;
}

/** The engine tests' topology: count per key in one-minute tumbling windows of event time. */
export function windowedCountTopology(
  input: string,
  output: string,
  options: WindowedCountOptions,
  sinks: WindowedCountSinks = {},
): Topology {
  const builder = new StreamsBuilder();
  const source = builder.stream<string, { key: string; time: number }>(input, {
    keySerde: Serdes.string(),
    valueSerde: Serdes.json(),
    timestampExtractor: (record) => record.value.time,
  });
  const checked =
    options.poisonKey === undefined
      ? source
      : source.peek((key) => {
          if (key === options.poisonKey) throw new Error(`poisoned record ${key}`);
        });
  const counts = checked
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeWithGrace(60_000, options.graceMs))
    .count({
      ...(options.storeName ? { name: options.storeName } : {}),
      ...(options.persistent ? { persistent: true } : {}),
      ...(options.lateRecordsTopic ? { lateRecordsTopic: options.lateRecordsTopic } : {}),
    });
  const emitted = options.suppress ? counts.suppress(Suppressed.untilWindowCloses) : counts;
  const stream = emitted.toStream();
  stream.to(output, { keySerde: windowedSerde(Serdes.string(), 60_000), valueSerde: Serdes.int64() });
  if (sinks.external !== undefined) stream.toSink(sinks.external, { name: 'window-table' });
  return builder.build();
}
