import { Serdes, TopologyTestDriver } from './engine';
import { rawArchiveSources, rawArchiveTopology } from './raw-archive';
import type { RawRecord } from '../schemas/records/raw-record';
import { TOPICS, TopicNames } from '../schemas/topics';

describe('raw-archive topology', () => {
  it('hands every input record to the archive at commit, bytes untouched, with its topic, partition and offset', async () => {
    const written: RawRecord[] = [];
    const topology = rawArchiveTopology(['a', 'b'], {
      write: async (records) => {
        written.push(...records);
      },
    });
    const driver = new TopologyTestDriver(topology, { applicationId: 'raw-archive' });
    const a = driver.createInputTopic('a', Serdes.buffer(), Serdes.buffer());
    const b = driver.createInputTopic('b', Serdes.buffer(), Serdes.buffer());
    await a.pipeInput(Buffer.from('k'), Buffer.from([0, 0, 0, 0, 1, 2]), 1_000);
    await b.pipeInput(Buffer.from('k'), Buffer.from([0, 0, 0, 0, 2, 3]), 2_000);
    await a.pipeInput(Buffer.from('k'), Buffer.from([0, 0, 0, 0, 1, 4]), 3_000);
    await driver.close();
    expect(
      written.map(({ topic, partition, timestamp, value }) => [topic, partition, timestamp, value]),
    ).toEqual([
      ['a', 0, 1_000, Buffer.from([0, 0, 0, 0, 1, 2])],
      ['b', 0, 2_000, Buffer.from([0, 0, 0, 0, 2, 3])],
      ['a', 0, 3_000, Buffer.from([0, 0, 0, 0, 1, 4])],
    ]);
    // The driver numbers offsets its own way; what counts is that each record carries its own.
    const [first, , third] = written.map((record) => BigInt(record.offset));
    expect(third! > first!).toBe(true);
  });

  it('archives the four input topics, each in its source folder, and none of the derived ones', () => {
    const sources = rawArchiveSources(new TopicNames('env.'));
    expect(Object.fromEntries(sources)).toEqual({
      [`env.${TOPICS.telegramUpdates}`]: 'telegram',
      [`env.${TOPICS.twitterTweets}`]: 'twitter',
      [`env.${TOPICS.stripeEvents}`]: 'stripe',
      [`env.${TOPICS.channelStats}`]: 'channel-stats',
    });
  });
});
