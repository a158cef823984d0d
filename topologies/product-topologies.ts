import { subscriptionStateTopology } from './subscription-state';
import { contentAppTopology } from './content-app';
import { Serdes, type Topology } from './engine';
import { TOPICS } from '../schemas/topics';

/**
 * Every product topology as it runs (topics named without a prefix, serdes and sinks that do
 * nothing): what `docs/topologies.md` shows and its test keeps in step.
 */
export function productTopologies(): Record<string, Topology> {
  const json = Serdes.json<never>();
  const nowhere = { write: async () => undefined };
  return {
    content: contentAppTopology(
      {
        telegramUpdates: TOPICS.telegramUpdates,
        twitterTweets: TOPICS.twitterTweets,
        channelStats: TOPICS.channelStats,
        posts: TOPICS.posts,
        engagement: TOPICS.engagement,
      },
      { telegramUpdate: json, tweet: json, channelStats: json, post: json, engagement: json },
      {
        chats: nowhere,
        content: nowhere,
        activity: nowhere,
        audience: nowhere,
        groupActivity: { members: nowhere, replies: nowhere, groups: nowhere },
      },
    ),
    'subscription-state': subscriptionStateTopology(TOPICS.stripeEvents, json, nowhere),
  };
}
