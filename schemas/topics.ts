/**
 * The topics of ../shared/DESIGN.md §3 and how the runtime creates them. Names carry an optional
 * prefix (KAFKA_TOPIC_PREFIX) so tests and side-by-side environments never share a topic.
 */
export const TOPICS = {
  telegramUpdates: 'social.telegram.updates.v1',
  stripeEvents: 'billing.stripe.events.v1',
  channelStats: 'social.channel-stats.v1',
  twitterTweets: 'social.twitter.tweets.v1',
  posts: 'social.posts.v1',
  engagement: 'social.engagement.v1',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

/** Avro schema file (in schemas/avro/) of each topic's values. */
export const VALUE_SCHEMA_FILES: Record<TopicName, string> = {
  'social.telegram.updates.v1': 'social.telegram.updates.v1.avsc',
  'billing.stripe.events.v1': 'billing.stripe.events.v1.avsc',
  'social.channel-stats.v1': 'social.channel-stats.v1.avsc',
  'social.twitter.tweets.v1': 'social.twitter.tweets.v1.avsc',
  'social.posts.v1': 'social.posts.v1.avsc',
  'social.engagement.v1': 'social.engagement.v1.avsc',
};

export interface TopicSpec {
  name: string;
  partitions: number;
  configs: Record<string, string>;
}

/** Resolves logical topic names to the names used on the broker. */
export class TopicNames {
  constructor(private readonly prefix: string) {}

  of(topic: TopicName): string {
    return `${this.prefix}${topic}`;
  }

  deadLetter(topic: TopicName): string {
    return `${this.of(topic)}.dlq`;
  }

  /** Every topic the product needs, with its dead-letter twin, ready to create. */
  specs(partitions: number): TopicSpec[] {
    return Object.values(TOPICS).flatMap((topic) => [
      { name: this.of(topic), partitions, configs: { 'retention.ms': String(7 * 24 * 3600 * 1000) } },
      {
        name: this.deadLetter(topic),
        partitions: 1,
        configs: { 'retention.ms': String(30 * 24 * 3600 * 1000) },
      },
    ]);
  }
}
