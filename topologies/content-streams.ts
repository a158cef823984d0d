import type { ChannelStatsSample } from '../schemas/records/channel-stats';
import type { TelegramUpdateRecord } from '../schemas/records/telegram-update';
import type { TweetRecord } from '../schemas/records/tweet';
import type { EngagementObservation } from '../schemas/content-records';
import { AvroSerde } from '../schemas/serde/avro-serde';
import { TOPICS, type TopicName, TopicNames } from '../schemas/topics';
import { createKafka } from '../platform/clients/kafka';
import type { Config } from '../platform/config';
import { createLogger } from '../platform/logger';
import { type ContentAppSinks, contentAppSinks, contentAppTopology } from './content-app';
import type { PostEventRecord } from './content-topology';
import { type Topology, type TopologyModule, defineStreamsModule } from './engine';
import { productAvroSerde } from './product-serdes';

/** The content app's topology, its topics named with the deployment's prefix and Avro on the wire. */
export async function contentTopology(
  topics: TopicNames,
  serde: AvroSerde,
  registryUrl: string,
  sinks: ContentAppSinks,
): Promise<Topology> {
  const avro = <T>(topic: TopicName) => productAvroSerde<T>(serde, registryUrl, topic);
  return contentAppTopology(
    {
      telegramUpdates: topics.of(TOPICS.telegramUpdates),
      twitterTweets: topics.of(TOPICS.twitterTweets),
      channelStats: topics.of(TOPICS.channelStats),
      posts: topics.of(TOPICS.posts),
      engagement: topics.of(TOPICS.engagement),
    },
    {
      telegramUpdate: await avro<TelegramUpdateRecord>(TOPICS.telegramUpdates),
      tweet: await avro<TweetRecord>(TOPICS.twitterTweets),
      channelStats: await avro<ChannelStatsSample>(TOPICS.channelStats),
      post: await avro<PostEventRecord>(TOPICS.posts),
      engagement: await avro<EngagementObservation>(TOPICS.engagement),
    },
    sinks,
  );
}

/** What a content stream thread is given: plain data, it crosses threads. */
export interface ContentStreamsArgs {
  readonly kafka: Config['kafka'];
  readonly registryUrl: string;
  readonly logLevel: string;
}

/**
 * The content app on stream threads (PROCESSOR_STREAM_THREADS above 1): each thread reads and
 * writes Kafka with a client of its own, and writes the databases through the processors' sinks,
 * which stay in the process's main thread with their clients, metrics and traces.
 */
export const contentStreams = defineStreamsModule(async (args: ContentStreamsArgs, context) => {
  const topics = new TopicNames(args.kafka.topicPrefix);
  const serde = new AvroSerde(args.registryUrl, topics);
  const topology = await contentTopology(topics, serde, args.registryUrl, contentAppSinks(context.appSink));
  if (context.role === 'plan') return { topology };
  const clientId = `${args.kafka.clientId}-stream-thread-${context.threadIndex + 1}`;
  const logger = createLogger(args.logLevel, { component: 'kafka', streamThread: context.threadIndex + 1 });
  return { topology, kafka: createKafka({ ...args.kafka, clientId }, logger) };
});

export function contentStreamsModule(args: ContentStreamsArgs): TopologyModule<ContentStreamsArgs> {
  return { path: __filename, exportName: 'contentStreams', args };
}
