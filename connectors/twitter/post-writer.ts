import { toAppError } from '../../platform/errors';
import type { AvroSerde } from '../../schemas/serde/avro-serde';
import { TOPICS, type TopicNames } from '../../schemas/topics';
import type { DeadLetterWriter } from '../kafka/dead-letters';
import type { RecordProducer } from '../kafka/record-producer';
import { type Observation, toTweetRecord, tweetKey } from './tweet-record';
import { type TweetRecord } from '../../schemas/records/tweet';
import type { XItem, XPost } from './x-types';

export interface PostWriterDeps {
  serde: AvroSerde;
  producer: RecordProducer;
  deadLetters: DeadLetterWriter;
  topics: TopicNames;
}

/**
 * Stores observed posts in `social.twitter.tweets.v1`, a page in one acknowledged send; a post
 * that cannot be keyed or placed in time goes to the dead-letter topic with its reason.
 */
export class PostWriter {
  constructor(private readonly deps: PostWriterDeps) {}

  /**
   * Resolves with the records stored, once Kafka has acknowledged them. `included` holds the
   * posts X sent beside them (`includes.tweets`): each record carries the one it references.
   */
  async write(
    items: XItem<XPost>[],
    seen: Observation,
    included: readonly XItem<XPost>[] = [],
  ): Promise<TweetRecord[]> {
    const originals = new Map(included.map((item) => [item.value.id, item]));
    const records: TweetRecord[] = [];
    for (const item of items) {
      try {
        records.push(toTweetRecord(item.value, item.json, seen, originals));
      } catch (error) {
        await this.deps.deadLetters.write(
          { topic: TOPICS.twitterTweets },
          Buffer.from(item.json),
          toAppError(error),
        );
      }
    }
    if (records.length === 0) return records;
    const messages = await Promise.all(
      records.map(async (record) => ({
        key: tweetKey(record),
        value: await this.deps.serde.encode(TOPICS.twitterTweets, record),
        headers: { 'x.tweet_id': record.tweet_id },
      })),
    );
    await this.deps.producer.send(this.deps.topics.of(TOPICS.twitterTweets), messages);
    return records;
  }
}
