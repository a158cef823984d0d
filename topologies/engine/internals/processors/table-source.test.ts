import { type KTable, Serdes, StreamsBuilder, TopologyTestDriver } from '../../index';

const str = Serdes.string();
const strings = { keySerde: str, valueSerde: str };

/** Builds a table of topic `t`, pipes `[key, value or null, time]` into it, returns what `out` got. */
async function run(
  derive: (table: KTable<string, string>) => KTable<string, string>,
  input: Array<[string, string | null, number]>,
  storeName = 'table',
) {
  const builder = new StreamsBuilder();
  derive(builder.table<string, string>('t', strings, { name: storeName }))
    .toStream()
    .to('out', strings);
  const driver = new TopologyTestDriver(builder.build());
  const topic = driver.createInputTopic<string, string | null>('t', str, str);
  for (const [key, value, ts] of input) await topic.pipeInput(key, value, ts);
  const out = await driver.createOutputTopic('out', str, str).readRecordsToList();
  const store = driver.getKeyValueStore<string, string>(storeName);
  const rows = [...store.all()].map(({ key, value }) => [key, value]);
  driver.close();
  return { out: out.map((r) => [r.key, r.value, r.timestamp]), rows };
}

describe('tables', () => {
  it('builder.table upserts by key, deletes on null, and toStream shows every change', async () => {
    const { out, rows } = await run(
      (t) => t,
      [
        ['a', '1', 1],
        ['b', '2', 2],
        ['a', '3', 3],
        ['b', null, 4],
      ],
    );
    expect(out).toEqual([
      ['a', '1', 1],
      ['b', '2', 2],
      ['a', '3', 3],
      ['b', null, 4],
    ]);
    expect(rows).toEqual([['a', '3']]);
  });

  it('filter forwards a row that stops matching as a deletion and skips rows never shown', async () => {
    const { out } = await run(
      (t) => t.filter((_k, v) => Number(v) > 1),
      [
        ['a', '1', 1],
        ['a', '5', 2],
        ['a', '0', 3],
        ['a', null, 4],
        ['b', '7', 5],
        ['b', null, 6],
      ],
    );
    expect(out).toEqual([
      ['a', '5', 2],
      ['a', null, 3],
      ['b', '7', 5],
      ['b', null, 6],
    ]);
  });

  it('mapValues maps rows and keeps deletions', async () => {
    const { out } = await run(
      (t) => t.mapValues((v, k) => `${k}#${v}`, str),
      [
        ['a', '1', 1],
        ['a', '2', 2],
        ['a', null, 3],
      ],
    );
    expect(out).toEqual([
      ['a', 'a#1', 1],
      ['a', 'a#2', 2],
      ['a', null, 3],
    ]);
  });

  it('a derived table joined later is materialized and still forwards its changes', async () => {
    const builder = new StreamsBuilder();
    const upper = builder.table<string, string>('t', strings).mapValues((v) => v.toUpperCase(), str);
    upper.toStream().to('upper', strings);
    upper
      .join(builder.table<string, string>('u', strings), (l, r) => `${l}${r}`)
      .toStream()
      .to('out', strings);
    const driver = new TopologyTestDriver(builder.build());
    await driver.createInputTopic('t', str, str).pipeInput('k', 'x', 1);
    await driver.createInputTopic('u', str, str).pipeInput('k', 'y', 2);
    const read = async (topic: string) =>
      (await driver.createOutputTopic(topic, str, str).readKeyValuesToList()).map((r) => [r.key, r.value]);
    expect(await read('upper')).toEqual([['k', 'X']]);
    expect(await read('out')).toEqual([['k', 'Xy']]);
    driver.close();
  });
});
