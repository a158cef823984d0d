import { type KTable, Serdes, StreamsBuilder, TopologyTestDriver } from '../../index';

const str = Serdes.string();
const long = Serdes.int64();

/** A user's profile row: which city they live in and how old they are. */
interface Profile {
  readonly city: string;
  readonly age: number;
}

/**
 * Profiles keyed by user, regrouped by city by `aggregate`, piped as `[user, profile or null, time]`;
 * returns what `out` got as [city, value, time] and the store's rows.
 */
async function run<A>(
  aggregate: (table: KTable<string, Profile>) => KTable<string, A>,
  input: Array<[string, Profile | null, number]>,
  valueSerde = Serdes.json<A>(),
) {
  const builder = new StreamsBuilder();
  aggregate(builder.table<string, Profile>('profiles', { keySerde: str, valueSerde: Serdes.json() }))
    .toStream()
    .to('out', { keySerde: str, valueSerde });
  const driver = new TopologyTestDriver(builder.build(), { applicationId: 'app' });
  const topic = driver.createInputTopic<string, Profile | null>('profiles', str, Serdes.json());
  for (const [key, value, ts] of input) await topic.pipeInput(key, value, ts);
  const out = await driver.createOutputTopic('out', str, valueSerde).readRecordsToList();
  return { driver, out: out.map((r) => [r.key, r.value, r.timestamp]) };
}

const byCity = (table: KTable<string, Profile>) =>
  table.groupBy((_user, profile) => ({ key: profile.city, value: profile }), {
    name: 'by-city',
    keySerde: str,
    valueSerde: Serdes.json<Profile>(),
  });

describe('KTable.groupBy().count()', () => {
  it('moves a row from its old group to its new one: old group decremented, then new incremented', async () => {
    const { driver, out } = await run(
      (t) => byCity(t).count({ name: 'per-city' }),
      [
        ['ann', { city: 'oslo', age: 30 }, 1],
        ['bob', { city: 'oslo', age: 40 }, 2],
        ['ann', { city: 'rome', age: 30 }, 3],
      ],
      long,
    );
    expect(out).toEqual([
      ['oslo', 1, 1],
      ['oslo', 2, 2],
      ['oslo', 1, 3],
      ['rome', 1, 3],
    ]);
    const store = driver.getKeyValueStore<string, number>('per-city');
    expect([...store.all()]).toEqual([
      { key: 'oslo', value: 1 },
      { key: 'rome', value: 1 },
    ]);
    driver.close();
  });

  it('an update within one group subtracts then adds in one step: one record, count unchanged', async () => {
    const { driver, out } = await run(
      (t) => byCity(t).count(),
      [
        ['ann', { city: 'oslo', age: 30 }, 1],
        ['ann', { city: 'oslo', age: 31 }, 2],
      ],
      long,
    );
    expect(out).toEqual([
      ['oslo', 1, 1],
      ['oslo', 1, 2],
    ]);
    driver.close();
  });

  it('a deletion only subtracts, and an emptied group stays at 0', async () => {
    const { driver, out } = await run(
      (t) => byCity(t).count({ name: 'per-city' }),
      [
        ['ann', { city: 'oslo', age: 30 }, 1],
        ['ann', null, 2],
        ['ghost', null, 3],
      ],
      long,
    );
    expect(out).toEqual([
      ['oslo', 1, 1],
      ['oslo', 0, 2],
    ]);
    expect(driver.getKeyValueStore<string, number>('per-city').get('oslo')).toBe(0);
    driver.close();
  });

  it('counts distinct ids: the same post twice counts once per channel and window', async () => {
    interface Post {
      readonly channel: string;
      readonly time: number;
    }
    const builder = new StreamsBuilder();
    builder
      .table<string, Post>('posts', { keySerde: str, valueSerde: Serdes.json() })
      .groupBy((_id, post) => ({ key: `${post.channel}@${post.time - (post.time % 60_000)}`, value: 1 }), {
        keySerde: str,
      })
      .count({ name: 'distinct-posts' })
      .toStream()
      .to('out', { keySerde: str, valueSerde: long });
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'app' });
    const posts = driver.createInputTopic<string, Post>('posts', str, Serdes.json());
    await posts.pipeInput('p1', { channel: 'news', time: 1_000 }, 1_000);
    await posts.pipeInput('p2', { channel: 'news', time: 2_000 }, 2_000);
    await posts.pipeInput('p1', { channel: 'news', time: 1_000 }, 3_000);
    await posts.pipeInput('p3', { channel: 'news', time: 61_000 }, 61_000);
    const counts = await driver.createOutputTopic('out', str, long).readKeyValuesToMap();
    expect(counts).toEqual(
      new Map([
        ['news@0', 2],
        ['news@60000', 1],
      ]),
    );
    driver.close();
  });

  it('writes old and new value together to <applicationId>-<name>-repartition, named after the store by default', async () => {
    const builder = new StreamsBuilder();
    builder
      .table<string, string>('t', { keySerde: str, valueSerde: str })
      .groupBy((_k, v) => ({ key: v, value: v }), { keySerde: str, valueSerde: str })
      .count({ name: 'counts' });
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'app' });
    const input = driver.createInputTopic('t', str, str);
    await input.pipeInput('k', 'a', 1);
    await input.pipeInput('k', 'b', 2);
    const raw = await driver
      .createOutputTopic('app-counts-repartition', str, Serdes.buffer())
      .readRecordsToList();
    expect(raw.map((r) => [r.key, r.value.toString('hex')])).toEqual([
      ['a', '010000000161'], // new 'a', no old value
      ['a', '020000000061'], // no new value, old 'a'
      ['b', '010000000162'],
    ]);
    driver.close();
  });
});

describe('KTable.groupBy().aggregate() and reduce()', () => {
  it('aggregate adds the new value to its group and subtracts the old one from its group', async () => {
    const { driver, out } = await run(
      (t) =>
        byCity(t).aggregate(
          () => 0,
          (_city, p, total) => total + p.age,
          (_city, p, total) => total - p.age,
          { valueSerde: long },
        ),
      [
        ['ann', { city: 'oslo', age: 30 }, 1],
        ['bob', { city: 'oslo', age: 40 }, 2],
        ['ann', { city: 'oslo', age: 31 }, 3],
        ['bob', { city: 'rome', age: 40 }, 4],
        ['ann', null, 5],
      ],
      long,
    );
    expect(out).toEqual([
      ['oslo', 30, 1],
      ['oslo', 70, 2],
      ['oslo', 71, 3],
      ['oslo', 31, 4],
      ['rome', 40, 4],
      ['oslo', 0, 5],
    ]);
    driver.close();
  });

  it('reduce starts from the first value; a subtractor returning null deletes the group', async () => {
    const builder = new StreamsBuilder();
    builder
      .table<string, string>('t', { keySerde: str, valueSerde: str })
      .groupBy((_user, city) => ({ key: city, value: 1 }), { keySerde: str, valueSerde: long })
      .reduce(
        (sum, n) => sum + n,
        (sum, n) => (sum - n === 0 ? null : sum - n),
        { name: 'people' },
      )
      .toStream()
      .to('out', { keySerde: str, valueSerde: long });
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'app' });
    const input = driver.createInputTopic<string, string | null>('t', str, str);
    await input.pipeInput('ann', 'oslo', 1);
    await input.pipeInput('bob', 'oslo', 2);
    await input.pipeInput('ann', 'rome', 3);
    await input.pipeInput('bob', null, 4);
    const out = await driver.createOutputTopic('out', str, long).readRecordsToList();
    expect(out.map((r) => [r.key, r.value, r.timestamp])).toEqual([
      ['oslo', 1, 1],
      ['oslo', 2, 2],
      ['oslo', 1, 3],
      ['rome', 1, 3],
      ['oslo', null, 4],
    ]);
    expect([...driver.getKeyValueStore<string, number>('people').all()]).toEqual([{ key: 'rome', value: 1 }]);
    driver.close();
  });
});
