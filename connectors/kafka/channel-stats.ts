import type { ChannelStatsSample } from '../../schemas/records/channel-stats';
import type { AvroSerde } from '../../schemas/serde/avro-serde';
import { TOPICS, type TopicNames } from '../../schemas/topics';
import type { RecordProducer } from './record-producer';

/** Produces samples keyed `<source>:<channel_id>` (DESIGN.md §3), in one acknowledged send. */
export async function produceChannelStats(
  deps: { serde: AvroSerde; producer: RecordProducer; topics: TopicNames },
  samples: ChannelStatsSample[],
): Promise<void> {
  if (samples.length === 0) return;
  const messages = await Promise.all(
    samples.map(async (sample) => ({
      key: `${sample.source}:${sample.channel_id}`,
      value: await deps.serde.encode(TOPICS.channelStats, sample),
    })),
  );
  await deps.producer.send(deps.topics.of(TOPICS.channelStats), messages);
}
