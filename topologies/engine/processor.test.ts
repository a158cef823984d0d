import { StreamsError } from './errors';
import {
  type KeyValueStore,
  type Processor,
  type ProcessorContext,
  Serdes,
  StreamsBuilder,
  TopologyTestDriver,
} from './index';

const str = Serdes.string();
const strings = { keySerde: str, valueSerde: str };

/**
 * Counts records per key in the store `counts`, forwards `key:count`, notes stream-time
 * punctuations, and every second of wall-clock time forwards a summary of the store.
 */
function countingProcessor(ticks: number[], metadata: Array<string | undefined>) {
  return (): Processor<string, string, string, string> => {
    let context: ProcessorContext<string, string>;
    let store: KeyValueStore<string, number>;
    return {
      init: (ctx) => {
        context = ctx;
        store = ctx.getStateStore('counts');
        ctx.schedule(10, 'stream-time', (time) => {
          ticks.push(time);
          metadata.push(ctx.recordMetadata?.topic);
        });
        ctx.schedule(1000, 'wall-clock', (time) => {
          const summary = [...store.all()].map(({ key, value }) => `${key}=${value}`).join(',');
          ctx.forward({ key: 'summary', value: summary, timestamp: time });
        });
      },
      process: (record) => {
        metadata.push(context.recordMetadata?.topic);
        const count = (store.get(record.key) ?? 0) + 1;
        store.put(record.key, count);
        context.forward({ ...record, value: `${record.key}:${count}` });
      },
    };
  };
}

function start() {
  const ticks: number[] = [];
  const metadata: Array<string | undefined> = [];
  const builder = new StreamsBuilder();
  builder.addStateStore({ name: 'counts', type: 'key-value', keySerde: str, valueSerde: Serdes.int64() });
  builder
    .stream<string, string>('in', strings)
    .process(countingProcessor(ticks, metadata), 'counts')
    .to('out', strings);
  const driver = new TopologyTestDriver(builder.build(), { applicationId: 'app' });
  const input = driver.createInputTopic('in', str, str);
  const output = driver.createOutputTopic('out', str, str);
  return {
    driver,
    ticks,
    metadata,
    pipe: (key: string, ts: number) => input.pipeInput(key, 'v', ts),
    read: async () => (await output.readRecordsToList()).map((r) => [r.key, r.value, r.timestamp]),
  };
}

describe('Processor API', () => {
  it('a custom processor keeps state in a connected store and forwards records', async () => {
    const { driver, pipe, read } = start();
    await pipe('a', 1);
    await pipe('b', 2);
    await pipe('a', 3);
    expect(await read()).toEqual([
      ['a', 'a:1', 1],
      ['b', 'b:1', 2],
      ['a', 'a:2', 3],
    ]);
    expect(driver.getKeyValueStore<string, number>('counts').get('a')).toBe(2);
    const changelog = await driver
      .createOutputTopic('app-counts-changelog', str, Serdes.int64())
      .readKeyValuesToList();
    expect(changelog).toEqual([
      { key: 'a', value: 1 },
      { key: 'b', value: 1 },
      { key: 'a', value: 2 },
    ]);
    driver.close();
  });

  it('stream-time punctuators fire on the first record and then on multiples of the interval', async () => {
    const { driver, ticks, metadata, pipe } = start();
    await pipe('a', 0);
    await pipe('a', 5);
    await pipe('a', 10);
    await pipe('a', 4);
    await pipe('a', 25);
    await pipe('a', 30);
    expect(ticks).toEqual([0, 10, 25, 30]);
    // A punctuator runs outside any record, so it sees no record metadata.
    expect(metadata).toEqual([
      'in',
      undefined,
      'in',
      'in',
      undefined,
      'in',
      'in',
      undefined,
      'in',
      undefined,
    ]);
    driver.close();
  });

  it('wall-clock punctuators fire as the driver advances its clock, even without input', async () => {
    const { driver, pipe, read } = start();
    await pipe('a', 1);
    await read();
    driver.advanceWallClockTime(999);
    expect(await read()).toEqual([]);
    driver.advanceWallClockTime(1);
    await pipe('b', 2);
    driver.advanceWallClockTime(1000);
    expect(await read()).toEqual([
      ['summary', 'a=1', 1000],
      ['b', 'b:1', 2],
      ['summary', 'a=1,b=1', 2000],
    ]);
    driver.close();
  });

  it('getStateStore of a store the processor is not connected to fails with STREAMS_TOPOLOGY_INVALID', () => {
    const builder = new StreamsBuilder();
    builder.addStateStore({ name: 'counts', type: 'key-value', keySerde: str, valueSerde: Serdes.int64() });
    builder.addStateStore({ name: 'other', type: 'key-value', keySerde: str, valueSerde: str });
    builder
      .stream<string, string>('in', strings)
      .process(() => ({
        init: (ctx) => void ctx.getStateStore('other'),
        process: () => undefined,
      }))
      .to('out', strings);
    let error: unknown;
    try {
      new TopologyTestDriver(builder.build()).close();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StreamsError);
    expect(error).toMatchObject({ code: 'STREAMS_TOPOLOGY_INVALID' });
    expect((error as StreamsError).message).toContain('is not connected to store other');
  });
});

describe('processValues', () => {
  function keyChangingTopology() {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in', strings)
      .processValues<string>(() => {
        let context: ProcessorContext<string, string>;
        return {
          init: (ctx) => void (context = ctx),
          // Tries to change the key: processValues keeps the input's.
          process: (record) =>
            context.forward({ ...record, key: 'other', value: record.value.toUpperCase() }),
        };
      })
      .groupByKey()
      .count()
      .toStream()
      .to('out', { keySerde: str, valueSerde: Serdes.int64() });
    return builder.build();
  }

  it('forwards with the input key, so grouping afterwards needs no repartition', async () => {
    const topology = keyChangingTopology();
    expect(topology.describe().toString()).not.toContain('repartition');
    const driver = new TopologyTestDriver(topology);
    const input = driver.createInputTopic('in', str, str);
    const out = driver.createOutputTopic('out', str, Serdes.int64());
    await input.pipeInput('a', 'x', 1);
    await input.pipeInput('a', 'y', 2);
    await input.pipeInput('b', 'z', 3);
    expect((await out.readRecordsToList()).map((r) => [r.key, r.value])).toEqual([
      ['a', 1],
      ['a', 2],
      ['b', 1],
    ]);
    driver.close();
  });
});
