import { inBesideLive, windowedDriver } from './windowed-driver.fixture';
import {
  type KTable,
  Serdes,
  SessionWindows,
  StreamsBuilder,
  Suppressed,
  TimeWindows,
  TopologyTestDriver,
  type Windowed,
  windowedSerde,
} from '../../index';
import { sessionWindowedSerde } from '../../windowed-serde';

const str = Serdes.string();
const long = Serdes.int64();

type Counts = KTable<Windowed<string>, number>;

function start(windowed: (builder: StreamsBuilder) => Counts, session = false) {
  const builder = new StreamsBuilder();
  windowed(builder).suppress(Suppressed.untilWindowCloses).toStream().to('out');
  const keys = session ? sessionWindowedSerde(str) : windowedSerde(str, 10);
  return windowedDriver(builder.build(), keys);
}

const grouped = (builder: StreamsBuilder) =>
  builder.stream<string, string>('in', { keySerde: str, valueSerde: str }).groupByKey();
/** Tumbling 10 ms windows with 5 ms grace: [0, 10) closes when stream time reaches 15. */
const tumbling = (builder: StreamsBuilder) =>
  grouped(builder).windowedBy(TimeWindows.ofSizeWithGrace(10, 5)).count();

describe('suppress(untilWindowCloses)', () => {
  it('emits each window once, with its final count, when stream time reaches end plus grace', async () => {
    const { driver, pipe, read } = start(tumbling);
    await pipe('a', 1);
    await pipe('a', 3);
    await pipe('b', 4);
    await pipe('a', 12);
    await pipe('a', 14);
    expect(await read()).toEqual([]);
    await pipe('x', 15);
    expect(await read()).toEqual([
      ['a', 0, 10, 2, 3],
      ['b', 0, 10, 1, 4],
    ]);
    await pipe('x', 24);
    expect(await read()).toEqual([]);
    await pipe('x', 25);
    expect(await read()).toEqual([
      ['a', 10, 20, 2, 14],
      ['x', 10, 20, 1, 15],
    ]);
    driver.close();
  });

  it('includes records that arrive within grace in the final count', async () => {
    const { driver, pipe, read } = start(tumbling);
    await pipe('a', 1);
    await pipe('a', 13);
    await pipe('a', 8);
    await pipe('a', 15);
    await pipe('a', 2);
    expect(await read()).toEqual([['a', 0, 10, 2, 8]]);
    expect(driver.lateRecordCount()).toBe(1);
    driver.close();
  });

  it('hands downstream the change against nothing, since no earlier update was shown', async () => {
    const builder = new StreamsBuilder();
    tumbling(builder)
      .suppress(Suppressed.untilWindowCloses)
      .filter((_k, count) => count < 2)
      .toStream()
      .to('out');
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic('in', str, str);
    for (const [key, ts] of [
      ['a', 1],
      ['a', 2],
      ['b', 3],
      ['x', 20],
    ] as const) {
      await input.pipeInput(key, 'v', ts);
    }
    const out = await driver.createOutputTopic('out', windowedSerde(str, 10), long).readRecordsToList();
    expect(out.map((r) => [r.key.key, r.key.window.start, r.value])).toEqual([['b', 0, 1]]);
    driver.close();
  });

  it('emits a session once no record can extend it, and never a session merged away', async () => {
    const sessions = (builder: StreamsBuilder) =>
      grouped(builder).windowedBy(SessionWindows.ofInactivityGapAndGrace(10, 2)).count();
    const { driver, pipe, read } = start(sessions, true);
    await pipe('a', 0);
    await pipe('a', 10);
    await pipe('b', 21);
    expect(await read()).toEqual([]);
    await pipe('b', 22);
    expect(await read()).toEqual([['a', 0, 10, 2, 10]]);
    driver.close();
  });

  it("emits by the updates that reach it, not by the task's other inputs running ahead", async () => {
    const builder = new StreamsBuilder();
    inBesideLive(builder)
      .groupByKey()
      .windowedBy(TimeWindows.ofSizeWithGrace(10, 5))
      .count()
      .suppress(Suppressed.untilWindowCloses)
      .toStream()
      .to('out');
    const { driver, pipe, pipeLive, read } = windowedDriver(builder.build(), windowedSerde(str, 10));
    await pipeLive(10_000);
    await pipe('a', 1);
    await pipe('a', 3);
    expect(await read()).toEqual([]);
    await pipe('x', 15);
    expect(await read()).toEqual([['a', 0, 10, 2, 3]]);
    driver.close();
  });
});
