import {
  type ExternalSink,
  type SinkContext,
  type SinkRecord,
  Serdes,
  StreamsBuilder,
  StreamsError,
  TimeWindows,
  TopologyTestDriver,
} from '../../index';

const str = Serdes.string();

/** A sink that remembers every batch, and fails as told first. */
function recordingSink<K, V>(failures: Error[] = []) {
  const batches: Array<{ records: SinkRecord<K, V>[]; context: SinkContext }> = [];
  const sink: ExternalSink<K, V> = {
    write: async (records, context) => {
      const failure = failures.shift();
      if (failure !== undefined) throw failure;
      batches.push({ records: [...records], context });
    },
  };
  return { sink, batches };
}

const transient = () => Object.assign(new Error('database busy'), { code: 'DB_BUSY', retriable: true });

function driverFor<V>(build: (builder: StreamsBuilder) => void) {
  const builder = new StreamsBuilder();
  build(builder);
  const driver = new TopologyTestDriver(builder.build());
  return { driver, input: driver.createInputTopic<string, V>('in', str, Serdes.json<V>()) };
}

describe('KStream.toSink', () => {
  it('hands records to the sink at commit, versioned by the input consumed so far, with their source', async () => {
    const { sink, batches } = recordingSink<string, string>();
    const { driver, input } = driverFor<string>((b) =>
      b.stream<string, string>('in', { keySerde: str, valueSerde: Serdes.json() }).toSink(sink),
    );
    await input.pipeInput('a', 'one', 10);
    await input.pipeInput('b', 'two', 20);
    driver.close();
    expect(batches.map((b) => b.records)).toEqual([
      [
        {
          key: 'a',
          value: 'one',
          timestamp: 10,
          version: 2n,
          source: { topic: 'in', partition: 0, offset: '1' },
        },
      ],
      [
        {
          key: 'b',
          value: 'two',
          timestamp: 20,
          version: 3n,
          source: { topic: 'in', partition: 0, offset: '2' },
        },
      ],
    ]);
    expect(batches[0]!.context).toEqual({ applicationId: 'test-driver', taskId: '0_0', partition: 0 });
  });

  it('writes a windowed aggregate once per commit, with the latest count', async () => {
    const { sink, batches } = recordingSink<{ key: string; window: { start: number } }, number>();
    const { driver, input } = driverFor<number>((b) =>
      b
        .stream<string, number>('in', { keySerde: str, valueSerde: Serdes.json() })
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeWithGrace(60_000, 0))
        .count()
        .toStream()
        .toSink(sink as never),
    );
    await input.pipeInput('channel', 1, 1_000);
    await input.pipeInput('channel', 1, 2_000);
    driver.close();
    const written = batches.flatMap((b) => b.records).map((r) => [r.value, r.version]);
    expect(written).toEqual([
      [1, 2n],
      [2, 3n],
    ]);
  });

  it('retries a retriable failure, then writes', async () => {
    const { sink, batches } = recordingSink<string, string>([transient(), transient()]);
    const { driver, input } = driverFor<string>((b) =>
      b
        .stream<string, string>('in', { keySerde: str, valueSerde: Serdes.json() })
        .toSink(sink, { retryBackoffMs: 1 }),
    );
    await input.pipeInput('a', 'one', 10);
    driver.close();
    expect(batches).toHaveLength(1);
  });

  it('fails as STREAMS_SINK_FAILED after its attempts, retriable as the last failure was', async () => {
    const { sink } = recordingSink<string, string>([transient(), transient()]);
    const { driver, input } = driverFor<string>((b) =>
      b
        .stream<string, string>('in', { keySerde: str, valueSerde: Serdes.json() })
        .toSink(sink, { name: 'rows', maxAttempts: 2, retryBackoffMs: 1 }),
    );
    const failed = await input.pipeInput('a', 'one', 10).catch((error: unknown) => error);
    driver.close();
    expect(failed).toBeInstanceOf(StreamsError);
    expect(failed).toMatchObject({ code: 'STREAMS_SINK_FAILED', retriable: true });
    expect((failed as Error).message).toContain('sink rows of task 0_0 failed after 2 attempts: DB_BUSY');
  });

  it('does not retry a failure that is not retriable', async () => {
    const { sink, batches } = recordingSink<string, string>([new TypeError('bad row')]);
    const { driver, input } = driverFor<string>((b) =>
      b.stream<string, string>('in', { keySerde: str, valueSerde: Serdes.json() }).toSink(sink),
    );
    const failed = await input.pipeInput('a', 'one', 10).catch((error: unknown) => error);
    driver.close();
    expect(failed).toMatchObject({ code: 'STREAMS_SINK_FAILED', retriable: false });
    expect(batches).toHaveLength(0);
  });

  it('shows in describe()', () => {
    const builder = new StreamsBuilder();
    builder.stream('in').toSink(recordingSink().sink, { name: 'clickhouse-rows' });
    expect(builder.build().describe().toString()).toContain('clickhouse-rows');
  });
});
