import {
  type KStream,
  Serdes,
  type StreamsBuilder,
  type SyncSerde,
  type TestDriverOptions,
  type Topology,
  TopologyTestDriver,
  type Windowed,
} from '../../index';

/**
 * The windowed operators' tests share one harness: string records in on `in`, windowed counts out
 * on `out`, read back as [key, window start, window end, count, record time].
 */
export function windowedDriver(
  topology: Topology,
  keys: SyncSerde<Windowed<string>>,
  options: { defaultValue?: (ts: number) => string; driver?: TestDriverOptions } = {},
) {
  const str = Serdes.string();
  const driver = new TopologyTestDriver(topology, { applicationId: 'app', ...options.driver });
  const input = driver.createInputTopic('in', str, str);
  const output = driver.createOutputTopic('out', keys, Serdes.int64());
  const defaultValue = options.defaultValue ?? (() => 'v');
  return {
    driver,
    pipe: (key: string, ts: number, value = defaultValue(ts)) => input.pipeInput(key, value, ts),
    /** A record on `live` (see `inBesideLive`): it moves the task's stream time only. */
    pipeLive: (ts: number) => driver.createInputTopic('live', str, str).pipeInput('x', 'now', ts),
    read: async () =>
      (await output.readRecordsToList()).map((r) => [
        r.key.key,
        r.key.window.start,
        r.key.window.end,
        r.value,
        r.timestamp,
      ]),
  };
}

/**
 * The stream `in`, read by one task together with `live`, whose records reach no operator: piping
 * to `live` moves the task's stream time ahead of what the windowed operators below have seen.
 */
export function inBesideLive(builder: StreamsBuilder): KStream<string, string> {
  const str = Serdes.string();
  const live = builder.stream<string, string>('live', { keySerde: str, valueSerde: str });
  return builder
    .stream<string, string>('in', { keySerde: str, valueSerde: str })
    .merge(live.filter(() => false));
}
