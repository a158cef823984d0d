import { inBesideLive, windowedDriver } from './windowed-driver.fixture';
import { Serdes, SlidingWindows, StreamsBuilder, windowedSerde } from '../../index';

const str = Serdes.string();

/** Sliding windows of 10 ms with 5 ms grace: each record ends a window [t - 10, t]. */
function start() {
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>('in', { keySerde: str, valueSerde: str })
    .groupByKey()
    .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10, 5))
    .count({ name: 'sliding' })
    .toStream()
    .to('out');
  return windowedDriver(builder.build(), windowedSerde(str, 10), { defaultValue: (ts) => `v${ts}` });
}

describe('sliding windows', () => {
  it('emit the window ending at each record, counting records at both inclusive bounds', async () => {
    const { driver, pipe, read } = start();
    await pipe('a', 100);
    await pipe('a', 110);
    await pipe('a', 111);
    await pipe('b', 111);
    expect(await read()).toEqual([
      ['a', 90, 100, 1, 100],
      ['a', 100, 110, 2, 110],
      ['a', 101, 111, 2, 111],
      ['b', 101, 111, 1, 111],
    ]);
    driver.close();
  });

  it('recompute the windows of later records when an earlier record arrives', async () => {
    const { driver, pipe, read } = start();
    await pipe('a', 100);
    await pipe('a', 105);
    await read();
    await pipe('a', 103);
    expect(await read()).toEqual([
      ['a', 93, 103, 2, 103],
      ['a', 95, 105, 3, 105],
    ]);
    const store = driver.getWindowStore<string, number>('sliding');
    expect(store.fetchRange('a', 0, 200)).toEqual([
      { windowStart: 90, value: 1 },
      { windowStart: 93, value: 2 },
      { windowStart: 95, value: 3 },
    ]);
    driver.close();
  });

  it('do not count a record whose windows have all closed, and send it to the late topic', async () => {
    const { driver, pipe, read } = start();
    await pipe('a', 100);
    await pipe('a', 120);
    await read();
    // Stream time 120, grace 5: windows ending at or before 115 are closed.
    await pipe('a', 105);
    expect(await read()).toEqual([]);
    expect(driver.lateRecordCount()).toBe(1);
    const late = await driver.createOutputTopic('app-sliding-late', str, str).readKeyValuesToList();
    expect(late).toEqual([{ key: 'a', value: 'v105' }]);
    driver.close();
  });

  it('keep a record within grace for the open windows that reach back to it', async () => {
    const { driver, pipe, read } = start();
    await pipe('a', 100);
    await pipe('a', 114);
    await pipe('a', 120);
    await read();
    // Stream time 120, grace 5: the windows ending at 106 and 114 are closed, so nothing is
    // emitted, but 106 + 10 > 115 means a window still open may contain it: not late.
    await pipe('a', 106);
    expect(await read()).toEqual([]);
    expect(driver.lateRecordCount()).toBe(0);
    await pipe('a', 116);
    expect(await read()).toEqual([
      ['a', 106, 116, 3, 116],
      ['a', 110, 120, 3, 120],
    ]);
    driver.close();
  });

  it("close by the records that reach them, not by the task's other inputs running ahead", async () => {
    const builder = new StreamsBuilder();
    inBesideLive(builder)
      .groupByKey()
      .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10, 5))
      .count()
      .toStream()
      .to('out');
    const { driver, pipe, pipeLive, read } = windowedDriver(builder.build(), windowedSerde(str, 10));
    await pipeLive(10_000);
    await pipe('a', 100);
    await pipe('a', 120);
    await pipe('a', 105); // late: 120 minus grace is past the end of every window holding 105
    expect(await read()).toEqual([
      ['a', 90, 100, 1, 100],
      ['a', 110, 120, 1, 120],
    ]);
    expect(driver.lateRecordCount()).toBe(1);
    driver.close();
  });
});
