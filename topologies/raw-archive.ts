import { toAppError } from '../platform/errors';
import type { RawRecord } from '../schemas/records/raw-record';
import { TOPICS, type TopicName, type TopicNames } from '../schemas/topics';
import { type ExternalSink, Serdes, StreamsBuilder, type Topology } from './engine';

/**
 * The port the archive writes through at each commit; the composition root hands in the lake's
 * writer (connectors/lake/raw-archive-writer.ts). Writing the same records again must write the
 * same objects.
 */
export interface RawArchive {
  write(records: readonly RawRecord[]): Promise<unknown>;
}

/** The archive's sink: raw keys and values. */
export type RawSink = ExternalSink<Buffer | null, Buffer | null>;

/**
 * raw-archive: every input topic, byte for byte, into the lake's `raw-data/` as Avro container
 * files (docs/lake.md). One stream per topic with byte serdes, so nothing is decoded and nothing a
 * later schema drops is lost; each stream ends in the archive sink, which writes at the task's
 * commit before its offsets are committed. It writes nothing to Kafka. `wrap` decorates the sink
 * (timing and tracing).
 */
export function rawArchiveTopology(
  inputTopics: readonly string[],
  archive: RawArchive,
  wrap: (sink: RawSink) => RawSink = (sink) => sink,
): Topology {
  const builder = new StreamsBuilder();
  const sink = wrap(rawArchiveSink(archive));
  for (const topic of inputTopics) {
    builder
      .stream<Buffer | null, Buffer | null>(topic, { keySerde: Serdes.buffer(), valueSerde: Serdes.buffer() })
      .toSink(sink, { name: `raw-archive-${topic}` });
  }
  return builder.build();
}

/**
 * The engine's sink over the archive: each record with where it was read (its offset names the
 * file), a failure retriable as STORAGE_UNAVAILABLE unless it says otherwise.
 */
export function rawArchiveSink(archive: RawArchive): RawSink {
  return {
    write: async (records) => {
      const raw: RawRecord[] = [];
      for (const { source, timestamp, value } of records) {
        if (source) raw.push({ ...source, timestamp, value });
      }
      await archive.write(raw).catch((error: unknown) => {
        throw toAppError(error, 'STORAGE_UNAVAILABLE');
      });
    },
  };
}

/** The lake folder (`raw-data/<source>/`) of each archived input topic. */
const SOURCES = {
  [TOPICS.telegramUpdates]: 'telegram',
  [TOPICS.twitterTweets]: 'twitter',
  [TOPICS.stripeEvents]: 'stripe',
  // Member and follower samples of both sources, in one topic: one folder of their own.
  [TOPICS.channelStats]: 'channel-stats',
} as const satisfies Partial<Record<TopicName, string>>;

/** Every archived input topic, as named on the broker, with its source folder. */
export function rawArchiveSources(topics: TopicNames): Map<string, string> {
  return new Map(Object.entries(SOURCES).map(([topic, source]) => [topics.of(topic as TopicName), source]));
}

/** How the processors role runs the archive: its own app, at least once, on its own interval. */
export interface RawArchiveApp {
  readonly applicationId: string;
  /** Each commit closes one file per topic partition: the time roll (docs/lake.md). */
  readonly commitIntervalMs: number;
  readonly topics: readonly string[];
  readonly archive: RawArchive;
}
