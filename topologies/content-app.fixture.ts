import type { ChannelStatsSample } from '../schemas/records/channel-stats';
import type { TelegramUpdateRecord } from '../schemas/records/telegram-update';
import type { TweetRecord } from '../schemas/records/tweet';
import { type ContentAppSinks, contentAppTopology } from './content-app';
import { Serdes, TopologyTestDriver } from './engine';

const nowhere = { write: async () => undefined };

/**
 * For tests: the content app in the test driver, its inputs as JSON on the topics `tg`, `x` and
 * `stats`, writing through the sinks given (the others write nowhere).
 */
export function contentAppDriver(sinks: Partial<ContentAppSinks>) {
  const json = Serdes.json<never>();
  const topology = contentAppTopology(
    {
      telegramUpdates: 'tg',
      twitterTweets: 'x',
      channelStats: 'stats',
      posts: 'posts',
      engagement: 'engagement',
    },
    { telegramUpdate: json, tweet: json, channelStats: json, post: json as never, engagement: json as never },
    {
      chats: nowhere,
      content: nowhere,
      activity: nowhere,
      audience: nowhere,
      groupActivity: { members: nowhere, replies: nowhere, groups: nowhere },
      ...sinks,
    },
  );
  const test = new TopologyTestDriver(topology);
  return {
    test,
    telegram: test.createInputTopic('tg', Serdes.string(), Serdes.json<TelegramUpdateRecord>()),
    x: test.createInputTopic('x', Serdes.string(), Serdes.json<TweetRecord>()),
    stats: test.createInputTopic('stats', Serdes.string(), Serdes.json<ChannelStatsSample>()),
  };
}
