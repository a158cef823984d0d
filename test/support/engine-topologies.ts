import {
  Serdes,
  StreamsBuilder,
  Suppressed,
  TimeWindows,
  type Topology,
  windowedSerde,
} from '../../topologies/engine';

export interface WindowedCountOptions {
  readonly graceMs: number;
  readonly suppress?: boolean;
  readonly persistent?: boolean;
  readonly storeName?: string;
  readonly lateRecordsTopic?: string;
}

/** The engine tests' topology: count per key in one-minute tumbling windows of event time. */
export function windowedCountTopology(
  input: string,
  output: string,
  options: WindowedCountOptions,
): Topology {
  const builder = new StreamsBuilder();
  const counts = builder
    .stream<string, { key: string; time: number }>(input, {
      keySerde: Serdes.string(),
      valueSerde: Serdes.json(),
      timestampExtractor: (record) => record.value.time,
    })
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeWithGrace(60_000, options.graceMs))
    .count({
      ...(options.storeName ? { name: options.storeName } : {}),
      ...(options.persistent ? { persistent: true } : {}),
      ...(options.lateRecordsTopic ? { lateRecordsTopic: options.lateRecordsTopic } : {}),
    });
  const emitted = options.suppress ? counts.suppress(Suppressed.untilWindowCloses) : counts;
  emitted
    .toStream()
    .to(output, { keySerde: windowedSerde(Serdes.string(), 60_000), valueSerde: Serdes.int64() });
  return builder.build();
}
