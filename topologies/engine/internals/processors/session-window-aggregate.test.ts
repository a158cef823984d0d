import { inBesideLive, windowedDriver } from './windowed-driver.fixture';
import { Serdes, SessionWindows, StreamsBuilder } from '../../index';
import { sessionWindowedSerde } from '../../windowed-serde';

const str = Serdes.string();

function start(gapMs: number, graceMs: number) {
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>('in', { keySerde: str, valueSerde: str })
    .groupByKey()
    .windowedBy(SessionWindows.ofInactivityGapAndGrace(gapMs, graceMs))
    .count({ name: 'sessions' })
    .toStream()
    .to('out');
  // Output values are counts, or null for a session replaced by a merge.
  return windowedDriver(builder.build(), sessionWindowedSerde(str), { defaultValue: (ts) => `v${ts}` });
}

describe('session windows', () => {
  it('extend a session by records within the gap and open a new one after it', async () => {
    const { driver, pipe, read } = start(10, 0);
    await pipe('a', 0);
    await pipe('a', 10);
    await pipe('a', 21);
    await pipe('b', 21);
    expect(await read()).toEqual([
      ['a', 0, 0, 1, 0],
      ['a', 0, 0, null, 10],
      ['a', 0, 10, 2, 10],
      ['a', 21, 21, 1, 21],
      ['b', 21, 21, 1, 21],
    ]);
    driver.close();
  });

  it('merge two sessions bridged by a record: both are deleted, then the merged one follows', async () => {
    const { driver, pipe, read } = start(10, 10);
    await pipe('a', 0);
    await pipe('a', 5);
    await pipe('a', 20);
    await read();
    await pipe('a', 12);
    expect(await read()).toEqual([
      ['a', 0, 5, null, 12],
      ['a', 20, 20, null, 12],
      ['a', 0, 20, 4, 12],
    ]);
    const store = driver.getSessionStore<string, number>('sessions');
    expect(store.findSessions('a', 0, 100)).toEqual([
      { key: { key: 'a', window: { start: 0, end: 20 } }, value: 4 },
    ]);
    driver.close();
  });

  it('accept a record as long as stream time has not passed session end plus gap plus grace', async () => {
    const { driver, pipe, read } = start(10, 5);
    await pipe('a', 0);
    await pipe('b', 15);
    await read();
    await pipe('a', 0);
    expect(await read()).toEqual([
      ['a', 0, 0, null, 0],
      ['a', 0, 0, 2, 0],
    ]);
    expect(driver.lateRecordCount()).toBe(0);
    driver.close();
  });

  it('drop a record for a closed session to the late topic', async () => {
    const { driver, pipe, read } = start(10, 5);
    await pipe('a', 0);
    await pipe('b', 19);
    await read();
    // The session it would make, [0, 3], closed when stream time passed 3 + 10 + 5.
    await pipe('a', 3);
    expect(await read()).toEqual([]);
    expect(driver.lateRecordCount()).toBe(1);
    const late = await driver.createOutputTopic('app-sessions-late', str, str).readRecordsToList();
    expect(late.map((r) => [r.key, r.value, r.headers?.['late.window.end']?.toString()])).toEqual([
      ['a', 'v3', '3'],
    ]);
    driver.close();
  });

  it('with no grace still count a record at the current stream time', async () => {
    const { driver, pipe, read } = start(1, 0);
    await pipe('a', 7);
    expect(await read()).toEqual([['a', 7, 7, 1, 7]]);
    expect(driver.lateRecordCount()).toBe(0);
    driver.close();
  });

  it("close by the records that reach them, not by the task's other inputs running ahead", async () => {
    const builder = new StreamsBuilder();
    inBesideLive(builder)
      .groupByKey()
      .windowedBy(SessionWindows.ofInactivityGapAndGrace(10, 5))
      .count()
      .toStream()
      .to('out');
    const { driver, pipe, pipeLive, read } = windowedDriver(builder.build(), sessionWindowedSerde(str));
    await pipeLive(10_000);
    await pipe('a', 0);
    await pipe('a', 5);
    await pipe('b', 30);
    await pipe('a', 0); // late: 30 is past [0, 5]'s end plus gap plus grace
    expect(await read()).toEqual([
      ['a', 0, 0, 1, 0],
      ['a', 0, 0, null, 5],
      ['a', 0, 5, 2, 5],
      ['b', 30, 30, 1, 30],
    ]);
    expect(driver.lateRecordCount()).toBe(1);
    driver.close();
  });
});
