import { JoinWindows, type KStream, Serdes, StreamsBuilder, TopologyTestDriver } from '../../index';

const str = Serdes.string();
const strings = { keySerde: str, valueSerde: str };
const pair = (left: string | null, right: string | null) => `${left}/${right}`;

type Input = [topic: 'L' | 'R', key: string, value: string | null, time: number];
type Row = [key: string, value: string | null, time: number];

/** Pipes records into topics L and R in order; returns the `[key, value, time]` rows of `topics`. */
async function run(
  build: (builder: StreamsBuilder) => KStream<string, string | null>,
  input: Input[],
  topics = ['out'],
): Promise<Record<string, Row[]>> {
  const builder = new StreamsBuilder();
  build(builder).to('out', strings);
  const driver = new TopologyTestDriver(builder.build());
  const inputs = {
    L: driver.createInputTopic<string, string | null>('L', str, str),
    R: driver.createInputTopic<string, string | null>('R', str, str),
  };
  for (const [topic, key, value, ts] of input) await inputs[topic].pipeInput(key, value, ts);
  const read = async (topic: string): Promise<Row[]> =>
    (await driver.createOutputTopic(topic, str, str).readRecordsToList()).map((r) => [
      r.key,
      r.value,
      r.timestamp,
    ]);
  const written: Record<string, Row[]> = {};
  for (const topic of topics) written[topic] = await read(topic);
  driver.close();
  return written;
}

const table = (builder: StreamsBuilder, topic: 'L' | 'R') => builder.table<string, string>(topic, strings);
const stream = (builder: StreamsBuilder, topic: 'L' | 'R') => builder.stream<string, string>(topic, strings);

describe('table-table joins', () => {
  const changes: Input[] = [
    ['L', 'a', '1', 1],
    ['R', 'a', 'x', 2],
    ['L', 'a', '2', 3],
    ['R', 'b', 'y', 4],
    ['R', 'a', null, 5],
    ['L', 'a', null, 6],
  ];

  it('inner join: a row on both sides, updated by either side, deleted when either side goes', async () => {
    const { out } = await run((b) => table(b, 'L').join(table(b, 'R'), pair).toStream(), changes);
    expect(out).toEqual([
      ['a', '1/x', 2],
      ['a', '2/x', 3],
      ['a', null, 5],
    ]);
  });

  it('left join: every left row, with null while the right side has none', async () => {
    const { out } = await run((b) => table(b, 'L').leftJoin(table(b, 'R'), pair).toStream(), changes);
    expect(out).toEqual([
      ['a', '1/null', 1],
      ['a', '1/x', 2],
      ['a', '2/x', 3],
      ['a', '2/null', 5],
      ['a', null, 6],
    ]);
  });
});

describe('stream-table joins', () => {
  const events: Input[] = [
    ['L', 'a', 'e1', 1],
    ['R', 'a', 'x', 2],
    ['L', 'a', 'e2', 3],
    ['R', 'a', null, 4],
    ['L', 'a', 'e3', 5],
  ];

  it('inner join: a stream record meets the current row; table updates emit nothing', async () => {
    const { out } = await run((b) => stream(b, 'L').join(table(b, 'R'), pair), events);
    expect(out).toEqual([['a', 'e2/x', 3]]);
  });

  it('left join: a stream record without a row is joined with null', async () => {
    const { out } = await run((b) => stream(b, 'L').leftJoin(table(b, 'R'), pair), events);
    expect(out).toEqual([
      ['a', 'e1/null', 1],
      ['a', 'e2/x', 3],
      ['a', 'e3/null', 5],
    ]);
  });
});

describe('joins of a re-keyed stream', () => {
  it('repartition the stream first, so it meets the other side on the partition of its new key', async () => {
    const builder = new StreamsBuilder();
    stream(builder, 'L')
      .selectKey((_k, v) => v)
      .join(table(builder, 'R'), pair)
      .to('out', strings);
    const topology = builder.build();
    expect(topology.describe()).toContain(
      '    Source: KSTREAM-REPARTITION-0000000005-repartition-source (topics: [<applicationId>-KSTREAM-REPARTITION-0000000005-repartition])\n' +
        '      --> KSTREAM-JOIN-0000000006\n',
    );
    const driver = new TopologyTestDriver(topology);
    await driver.createInputTopic('R', str, str).pipeInput('x', 'X', 1);
    await driver.createInputTopic('L', str, str).pipeInput('k1', 'x', 2);
    const internal = 'test-driver-KSTREAM-REPARTITION-0000000005-repartition';
    // Keys are written with the table's serde: equal keys, equal bytes, equal partitions.
    expect(await driver.createOutputTopic(internal, str, str).readKeyValuesToList()).toEqual([
      { key: 'x', value: 'x' },
    ]);
    expect(await driver.createOutputTopic('out', str, str).readKeyValuesToList()).toEqual([
      { key: 'x', value: 'x/X' },
    ]);
    driver.close();
  });

  it('repartition either side of a stream-stream join whose key changed', async () => {
    const written = await run(
      (b) =>
        stream(b, 'L').joinStream(
          stream(b, 'R').selectKey((_k, v) => v.toLowerCase()),
          pair,
          JoinWindows.ofTimeDifferenceAndGrace(10, 0),
        ),
      [
        ['R', 'r1', 'X', 0],
        ['L', 'x', 'l', 1],
      ],
      ['out', 'test-driver-KSTREAM-REPARTITION-0000000003-repartition'],
    );
    expect(written).toEqual({
      out: [['x', 'l/X', 1]],
      'test-driver-KSTREAM-REPARTITION-0000000003-repartition': [['x', 'X', 0]],
    });
  });
});

describe('stream-stream windowed joins', () => {
  const windows = JoinWindows.ofTimeDifferenceAndGrace(10, 0);

  it('join records at most the time difference apart, at the later time, in either order', async () => {
    const { out } = await run(
      (b) => stream(b, 'L').joinStream(stream(b, 'R'), pair, windows),
      [
        ['L', 'a', 'l1', 0],
        ['R', 'a', 'r1', 5],
        ['R', 'a', 'r2', 11],
        ['R', 'b', 'rb', 12],
        ['L', 'a', 'l2', 15],
        ['R', 'a', 'r3', 25],
        ['R', 'a', 'r4', 26],
      ],
    );
    expect(out).toEqual([
      ['a', 'l1/r1', 5],
      ['a', 'l2/r1', 15],
      ['a', 'l2/r2', 15],
      ['a', 'l2/r3', 25],
    ]);
  });

  it('left join: a left record with no partner yet is joined with null, partners join later', async () => {
    const { out } = await run(
      (b) => stream(b, 'L').leftJoinStream(stream(b, 'R'), pair, windows),
      [
        ['L', 'a', 'l1', 0],
        ['R', 'a', 'r1', 10],
        ['R', 'a', 'r2', 11],
        ['L', 'a', 'l2', 30],
      ],
    );
    expect(out).toEqual([
      ['a', 'l1/null', 0],
      ['a', 'l1/r1', 10],
      ['a', 'l2/null', 30],
    ]);
  });
});
