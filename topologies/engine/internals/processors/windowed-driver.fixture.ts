import {
  Serdes,
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
