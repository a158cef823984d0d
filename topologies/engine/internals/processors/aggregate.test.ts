import { Serdes, StreamsBuilder, TopologyTestDriver, type KStream, type SyncSerde } from '../../index';

const str = Serdes.string();
const long = Serdes.int64();
const json = Serdes.json<string>();

function start(build: (source: KStream<string, string>) => void, options = { applicationId: 'app' }) {
  const builder = new StreamsBuilder();
  build(builder.stream<string, string>('in', { keySerde: str, valueSerde: str }));
  const driver = new TopologyTestDriver(builder.build(), options);
  const input = driver.createInputTopic('in', str, str);
  return { driver, pipe: (key: string, value: string, ts: number) => input.pipeInput(key, value, ts) };
}

async function read<V>(driver: TopologyTestDriver, topic: string, valueSerde: SyncSerde<V>) {
  const records = await driver.createOutputTopic(topic, str, valueSerde).readRecordsToList();
  return records.map((r) => [r.key, r.value, r.timestamp]);
}

describe('groupByKey and groupBy aggregations', () => {
  it('count emits the running count of each key with the record time', async () => {
    const { driver, pipe } = start((s) => s.groupByKey().count().toStream().to('out'));
    await pipe('a', 'x', 1);
    await pipe('b', 'y', 2);
    await pipe('a', 'z', 3);
    expect(await read(driver, 'out', long)).toEqual([
      ['a', 1, 1],
      ['b', 1, 2],
      ['a', 2, 3],
    ]);
    driver.close();
  });

  it('reduce starts from the first value and folds the rest', async () => {
    const { driver, pipe } = start((s) =>
      s
        .groupByKey()
        .reduce((sum, v) => `${sum}+${v}`)
        .toStream()
        .to('out'),
    );
    await pipe('a', '1', 1);
    await pipe('a', '2', 2);
    await pipe('b', '3', 3);
    expect(await read(driver, 'out', str)).toEqual([
      ['a', '1', 1],
      ['a', '1+2', 2],
      ['b', '3', 3],
    ]);
    driver.close();
  });

  it('aggregate folds into an initialized aggregate with its own serde', async () => {
    const { driver, pipe } = start((s) =>
      s
        .groupByKey()
        .aggregate(
          () => 100,
          (_k, v, total) => total + v.length,
          { valueSerde: long },
        )
        .toStream()
        .to('out'),
    );
    await pipe('a', 'xx', 1);
    await pipe('a', 'yyy', 2);
    expect(await read(driver, 'out', long)).toEqual([
      ['a', 102, 1],
      ['a', 105, 2],
    ]);
    driver.close();
  });

  it('skips records with a null value', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string | null>('in', { keySerde: str, valueSerde: str })
      .groupByKey()
      .count()
      .toStream()
      .to('out');
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic<string, string | null>('in', str, str);
    await input.pipeInput('a', null, 1);
    await input.pipeInput('a', 'x', 2);
    expect(await read(driver, 'out', long)).toEqual([['a', 1, 2]]);
    driver.close();
  });

  it('groupBy re-keys through <applicationId>-<name>-repartition before counting', async () => {
    const { driver, pipe } = start((s) =>
      s
        .groupBy((_k, v) => v, { name: 'by-word', keySerde: str })
        .count()
        .toStream()
        .to('out'),
    );
    await pipe('u1', 'hello', 1);
    await pipe('u2', 'hello', 2);
    await pipe('u3', 'bye', 3);
    expect(await read(driver, 'app-by-word-repartition', str)).toEqual([
      ['hello', 'hello', 1],
      ['hello', 'hello', 2],
      ['bye', 'bye', 3],
    ]);
    expect(await read(driver, 'out', long)).toEqual([
      ['hello', 1, 1],
      ['hello', 2, 2],
      ['bye', 1, 3],
    ]);
    driver.close();
  });

  it('groupByKey after a key change repartitions too, with JSON keys by default', async () => {
    const { driver, pipe } = start((s) =>
      s
        .selectKey((_k, v) => v)
        .groupByKey({ name: 'rekeyed' })
        .count()
        .toStream()
        .to('out'),
    );
    await pipe('u1', 'w', 1);
    const repartitioned = await driver
      .createOutputTopic('app-rekeyed-repartition', json, str)
      .readKeyValuesToList();
    expect(repartitioned).toEqual([{ key: 'w', value: 'w' }]);
    expect(await read(driver, 'out', long)).toEqual([['"w"', 1, 1]]);
    driver.close();
  });
});

describe('caching of aggregations', () => {
  it('shows every update of records fanned out before a repartition, as each one is committed', async () => {
    const { driver, pipe } = start((s) =>
      s
        .flatMapValues((v) => v.split(' '))
        .groupBy((_k, word) => word, { name: 'words', keySerde: str })
        .count()
        .toStream()
        .to('out'),
    );
    await pipe('k', 'a a b', 5);
    expect(await read(driver, 'out', long)).toEqual([
      ['a', 1, 5],
      ['a', 2, 5],
      ['b', 1, 5],
    ]);
    driver.close();
  });

  it('collapses several updates of one key made while processing one record', async () => {
    const { driver, pipe } = start((s) =>
      s
        .flatMapValues((v) => v.split(' '))
        .groupByKey()
        .count()
        .toStream()
        .to('out'),
    );
    await pipe('k', 'a b c', 5);
    await pipe('k', 'd', 6);
    expect(await read(driver, 'out', long)).toEqual([
      ['k', 3, 5],
      ['k', 4, 6],
    ]);
    driver.close();
  });

  it('emits every update when the store is not cached', async () => {
    const { driver, pipe } = start((s) =>
      s
        .flatMapValues((v) => v.split(' '))
        .groupByKey()
        .count({ cached: false })
        .toStream()
        .to('out'),
    );
    await pipe('k', 'a b', 5);
    expect(await read(driver, 'out', long)).toEqual([
      ['k', 1, 5],
      ['k', 2, 5],
    ]);
    driver.close();
  });
});

describe('interactive reads of a key-value aggregation', () => {
  it('get and all see the current counts by store name', async () => {
    const { driver, pipe } = start((s) => s.groupByKey().count({ name: 'counts' }));
    await pipe('b', 'x', 1);
    await pipe('a', 'x', 2);
    await pipe('b', 'x', 3);
    const store = driver.getKeyValueStore<string, number>('counts');
    expect(store.get('b')).toBe(2);
    expect(store.get('a')).toBe(1);
    expect(store.get('missing')).toBeUndefined();
    expect([...store.all()]).toEqual([
      { key: 'a', value: 1 },
      { key: 'b', value: 2 },
    ]);
    expect(await read(driver, 'app-counts-changelog', long)).toEqual([
      ['b', 1, 1],
      ['a', 1, 2],
      ['b', 2, 3],
    ]);
    driver.close();
  });
});
