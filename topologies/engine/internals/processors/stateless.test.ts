import { Serdes, StreamsBuilder, TopologyTestDriver } from '../../index';

const str = Serdes.string();

async function run(build: (builder: StreamsBuilder) => void, input: Array<[string, string, number]>) {
  const builder = new StreamsBuilder();
  build(builder);
  const driver = new TopologyTestDriver(builder.build());
  const topic = driver.createInputTopic('in', str, str);
  for (const [key, value, ts] of input) await topic.pipeInput(key, value, ts);
  const out = await driver.createOutputTopic('out', str, str).readRecordsToList();
  driver.close();
  return out.map((r) => [r.key, r.value, r.timestamp]);
}

const source = (b: StreamsBuilder) => b.stream<string, string>('in', { keySerde: str, valueSerde: str });
const sink = { keySerde: str, valueSerde: str };

describe('stateless operators', () => {
  it('filter and filterNot keep and drop by predicate', async () => {
    const out = await run(
      (b) =>
        source(b)
          .filter((_k, v) => v.startsWith('a'))
          .to('out', sink),
      [
        ['k', 'apple', 1],
        ['k', 'pear', 2],
      ],
    );
    expect(out).toEqual([['k', 'apple', 1]]);
  });

  it('map, mapValues and selectKey rewrite keys and values but keep the timestamp', async () => {
    const out = await run(
      (b) =>
        source(b)
          .mapValues((v) => v.toUpperCase())
          .selectKey((_k, v) => v[0]!)
          .map((k, v) => ({ key: `${k}!`, value: `${v}?` }))
          .to('out', sink),
      [['k', 'abc', 7]],
    );
    expect(out).toEqual([['A!', 'ABC?', 7]]);
  });

  it('flatMap and flatMapValues fan out', async () => {
    const out = await run(
      (b) =>
        source(b)
          .flatMapValues((v) => v.split(' '))
          .flatMap((k, v) => [
            { key: k, value: v },
            { key: v, value: k },
          ])
          .to('out', sink),
      [['k', 'x y', 1]],
    );
    expect(out).toEqual([
      ['k', 'x', 1],
      ['x', 'k', 1],
      ['k', 'y', 1],
      ['y', 'k', 1],
    ]);
  });

  it('peek sees every record without changing it', async () => {
    const seen: string[] = [];
    const out = await run(
      (b) =>
        source(b)
          .peek((k, v) => seen.push(`${k}=${v}`))
          .to('out', sink),
      [['a', '1', 1]],
    );
    expect(seen).toEqual(['a=1']);
    expect(out).toEqual([['a', '1', 1]]);
  });

  it('branch sends a record to the first matching branch only', async () => {
    const out = await run(
      (b) => {
        const [short, long] = source(b).branch(
          (_k, v) => v.length < 3,
          (_k, v) => v.length < 10,
        );
        short!.mapValues((v) => `short:${v}`).to('out', sink);
        long!.mapValues((v) => `long:${v}`).to('out', sink);
      },
      [
        ['k', 'ab', 1],
        ['k', 'abcd', 2],
        ['k', 'abcdefghijkl', 3],
      ],
    );
    expect(out).toEqual([
      ['k', 'short:ab', 1],
      ['k', 'long:abcd', 2],
    ]);
  });

  it('merge interleaves two streams in arrival order', async () => {
    const out = await run(
      (b) => {
        const [a, rest] = source(b).branch(
          (k) => k === 'a',
          () => true,
        );
        a!
          .mapValues((v) => `a:${v}`)
          .merge(rest!)
          .to('out', sink);
      },
      [
        ['a', '1', 1],
        ['b', '2', 2],
      ],
    );
    expect(out).toEqual([
      ['a', 'a:1', 1],
      ['b', '2', 2],
    ]);
  });

  it('repartition writes through an internal topic named after the application', async () => {
    const builder = new StreamsBuilder();
    source(builder)
      .selectKey((_k, v) => v)
      .repartition({ name: 'by-value', keySerde: str, valueSerde: str })
      .to('out', sink);
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'app' });
    await driver.createInputTopic('in', str, str).pipeInput('k', 'v', 5);
    const internal = await driver
      .createOutputTopic('app-by-value-repartition', str, str)
      .readKeyValuesToList();
    const out = await driver.createOutputTopic('out', str, str).readRecordsToList();
    driver.close();
    expect(internal).toEqual([{ key: 'v', value: 'v' }]);
    expect(out.map((r) => [r.key, r.value, r.timestamp])).toEqual([['v', 'v', 5]]);
  });
});
