import { inBesideLive, windowedDriver } from './windowed-driver.fixture';
import {
  Serdes,
  StreamsBuilder,
  TimeWindows,
  type TestDriverOptions,
  type WindowedMaterialized,
  windowedSerde,
} from '../../index';

const str = Serdes.string();
// Values pass flatMapValues, which drops the source's value serde, so late values are JSON.
const json = Serdes.json<string>();

function start(
  windows: TimeWindows,
  materialized: WindowedMaterialized<string, number> = {},
  options: TestDriverOptions = {},
) {
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>('in', { keySerde: str, valueSerde: str })
    .flatMapValues((v) => v.split(' '))
    .groupByKey()
    .windowedBy(windows)
    .count(materialized)
    .toStream()
    .to('out');
  return windowedDriver(builder.build(), windowedSerde(str, windows.sizeMs), { driver: options });
}

const text = (headers: Record<string, Buffer> | undefined) =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, v.toString()]));

describe('tumbling windows', () => {
  it('count per key and window; a record at the window end opens the next window', async () => {
    const { driver, pipe, read } = start(TimeWindows.ofSizeWithGrace(10, 0));
    await pipe('a', 0);
    await pipe('a', 9);
    await pipe('b', 9);
    await pipe('a', 10);
    expect(await read()).toEqual([
      ['a', 0, 10, 1, 0],
      ['a', 0, 10, 2, 9],
      ['b', 0, 10, 1, 9],
      ['a', 10, 20, 1, 10],
    ]);
    driver.close();
  });

  it('counts an out-of-order record within grace', async () => {
    const { driver, pipe, read } = start(TimeWindows.ofSizeWithGrace(10, 5));
    await pipe('a', 1);
    await pipe('a', 14);
    await pipe('a', 4);
    expect(await read()).toEqual([
      ['a', 0, 10, 1, 1],
      ['a', 10, 20, 1, 14],
      ['a', 0, 10, 2, 4],
    ]);
    expect(driver.lateRecordCount()).toBe(0);
    driver.close();
  });

  it('drops a record once stream time reaches window end plus grace, to the late topic', async () => {
    // Kept beyond its close so the store shows the late record left the window alone.
    const { driver, pipe, read } = start(TimeWindows.ofSizeWithGrace(10, 5), {
      name: 'counts',
      retentionMs: 100,
    });
    await pipe('a', 1);
    await pipe('b', 15, 'x');
    await pipe('a', 9, 'late');
    expect(await read()).toEqual([
      ['a', 0, 10, 1, 1],
      ['b', 10, 20, 1, 15],
    ]);
    expect(driver.lateRecordCount()).toBe(1);
    const late = await driver.createOutputTopic('app-counts-late', str, json).readRecordsToList();
    expect(late.map((r) => [r.key, r.value, r.timestamp, text(r.headers)])).toEqual([
      [
        'a',
        'late',
        9,
        {
          'late.reason': 'window closed: event time beyond window end plus grace',
          'late.event.time': '9',
          'late.window.end': '10',
          'late.stream.time': '15',
        },
      ],
    ]);
    expect(driver.getWindowStore<string, number>('counts').fetch('a', 0)).toBe(1);
    driver.close();
  });

  it('sends late records to lateRecordsTopic when given, keeping their headers', async () => {
    const { driver, pipe } = start(TimeWindows.ofSizeWithNoGrace(10), { lateRecordsTopic: 'too-late' });
    await pipe('a', 30);
    await driver.createInputTopic('in', str, str).pipeInput('a', 'old', 5, { trace: Buffer.from('t1') });
    const late = await driver.createOutputTopic('too-late', str, json).readRecordsToList();
    expect(
      late.map((r) => [r.key, r.value, text(r.headers)['trace'], text(r.headers)['late.window.end']]),
    ).toEqual([['a', 'old', 't1', '10']]);
    expect(driver.lateRecordCount()).toBe(1);
    driver.close();
  });
});

describe('hopping windows', () => {
  it('count a record in every window that contains it', async () => {
    const { driver, pipe, read } = start(TimeWindows.ofSizeWithGrace(10, 0).advanceBy(5));
    await pipe('a', 7);
    await pipe('a', 12);
    expect(await read()).toEqual([
      ['a', 0, 10, 1, 7],
      ['a', 5, 15, 1, 7],
      ['a', 5, 15, 2, 12],
      ['a', 10, 20, 1, 12],
    ]);
    driver.close();
  });

  it('keep window starts on the advance grid when the size is not a multiple of it', async () => {
    const { driver, pipe, read } = start(TimeWindows.ofSizeWithGrace(10, 0).advanceBy(4));
    await pipe('a', 11);
    expect(await read()).toEqual([
      ['a', 4, 14, 1, 11],
      ['a', 8, 18, 1, 11],
    ]);
    driver.close();
  });

  it('count only the still-open windows of a partly late record, which is not late', async () => {
    const { driver, pipe, read } = start(TimeWindows.ofSizeWithGrace(10, 0).advanceBy(5));
    await pipe('a', 12);
    await read();
    await pipe('a', 8);
    expect(await read()).toEqual([['a', 5, 15, 2, 8]]);
    expect(driver.lateRecordCount()).toBe(0);
    driver.close();
  });
});

describe('window store cache', () => {
  const hopping = TimeWindows.ofSizeWithGrace(10, 0).advanceBy(5);

  it('collapses the updates one record makes to each window into one result', async () => {
    const { driver, pipe, read } = start(hopping);
    await pipe('a', 7, 'x y');
    expect(await read()).toEqual([
      ['a', 0, 10, 2, 7],
      ['a', 5, 15, 2, 7],
    ]);
    driver.close();
  });

  it('with cacheMaxEntries 1 evicts, and so emits, on every new window it holds', async () => {
    const { driver, pipe, read } = start(hopping, {}, { cacheMaxEntries: 1 });
    await pipe('a', 7, 'x y');
    expect(await read()).toEqual([
      ['a', 0, 10, 1, 7],
      ['a', 5, 15, 1, 7],
      ['a', 0, 10, 2, 7],
      ['a', 5, 15, 2, 7],
    ]);
    driver.close();
  });
});

describe('interactive reads of a window store', () => {
  it('fetch, fetchRange and all see the windows by store name', async () => {
    const { driver, pipe } = start(TimeWindows.ofSizeWithGrace(10, 100), { name: 'counts' });
    await pipe('a', 3);
    await pipe('a', 25);
    await pipe('a', 27);
    await pipe('b', 12);
    const store = driver.getWindowStore<string, number>('counts');
    expect(store.fetch('a', 20)).toBe(2);
    expect(store.fetch('a', 10)).toBeUndefined();
    expect(store.fetchRange('a', 0, 20)).toEqual([
      { windowStart: 0, value: 1 },
      { windowStart: 20, value: 2 },
    ]);
    expect(store.fetchRange('a', 1, 19)).toEqual([]);
    expect([...store.all()]).toEqual([
      { key: { key: 'a', window: { start: 0, end: 10 } }, value: 1 },
      { key: { key: 'a', window: { start: 20, end: 30 } }, value: 2 },
      { key: { key: 'b', window: { start: 10, end: 20 } }, value: 1 },
    ]);
    driver.close();
  });

  it('with a retention, a closed window stays readable until stream time passes its start plus the retention', async () => {
    const { driver, pipe, read } = start(TimeWindows.ofSizeWithGrace(10, 5), {
      name: 'counts',
      retentionMs: 60,
    });
    const store = driver.getWindowStore<string, number>('counts');
    await pipe('a', 1);
    await pipe('a', 20);
    // [0, 10) closed at stream time 15: no record reaches it any more, yet it is readable.
    await pipe('a', 4);
    expect(driver.lateRecordCount()).toBe(1);
    expect(store.fetch('a', 0)).toBe(1);
    await pipe('b', 59);
    expect(store.fetch('a', 0)).toBe(1);
    expect(store.fetchRange('a', 0, 20)).toEqual([
      { windowStart: 0, value: 1 },
      { windowStart: 20, value: 1 },
    ]);
    await pipe('b', 60);
    expect(store.fetch('a', 0)).toBeUndefined();
    expect(store.fetchRange('a', 0, 20)).toEqual([{ windowStart: 20, value: 1 }]);
    expect((await read()).map(([key, start, , count]) => [key, start, count])).toEqual([
      ['a', 0, 1],
      ['a', 20, 1],
      ['b', 50, 1],
      ['b', 60, 1],
    ]);
    driver.close();
  });

  it('without one, a window is kept for its size plus grace only, counted from the latest window start written', async () => {
    const { driver, pipe } = start(TimeWindows.ofSizeWithGrace(10, 5), { name: 'counts' });
    await pipe('a', 1);
    await pipe('b', 19);
    expect(driver.getWindowStore<string, number>('counts').fetch('a', 0)).toBe(1);
    await pipe('b', 20);
    expect(driver.getWindowStore<string, number>('counts').fetch('a', 0)).toBeUndefined();
    driver.close();
  });

  it('refuses a retention shorter than window size plus grace', () => {
    const windows = TimeWindows.ofSizeWithGrace(10, 5);
    expect(() => start(windows, { name: 'counts', retentionMs: 14 })).toThrow(
      expect.objectContaining({
        code: 'STREAMS_TOPOLOGY_INVALID',
        message: expect.stringContaining('window size plus grace (15 ms), got 14'),
      }),
    );
    expect(() => start(windows, { retentionMs: 15.5 })).toThrow(
      expect.objectContaining({ code: 'STREAMS_TOPOLOGY_INVALID' }),
    );
    expect(() => start(windows, { retentionMs: 15 }).driver.close()).not.toThrow();
  });
});

describe("the window aggregate's own stream time", () => {
  it("closes windows by the records that reach it, not by the task's other inputs running ahead", async () => {
    const builder = new StreamsBuilder();
    inBesideLive(builder)
      .groupByKey()
      .windowedBy(TimeWindows.ofSizeWithGrace(10, 5))
      .count()
      .toStream()
      .to('out');
    const { driver, pipe, pipeLive, read } = windowedDriver(builder.build(), windowedSerde(str, 10));
    await pipeLive(10_000);
    await pipe('a', 1);
    await pipe('a', 14);
    await pipe('a', 4); // within grace of what the windows have seen (14)
    await pipe('a', 30);
    await pipe('a', 2); // late: 30 is past [0, 10)'s end plus grace
    expect(await read()).toEqual([
      ['a', 0, 10, 1, 1],
      ['a', 10, 20, 1, 14],
      ['a', 0, 10, 2, 4],
      ['a', 30, 40, 1, 30],
    ]);
    expect(driver.lateRecordCount()).toBe(1);
    driver.close();
  });
});
