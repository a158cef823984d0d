/**
 * One Kafka record as it arrived: its value's bytes untouched, and where it was read. What the
 * raw-archive topology hands the lake's writer (topologies/raw-archive.ts,
 * connectors/lake/raw-archive-writer.ts).
 */
export interface RawRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** The Kafka record's timestamp (epoch ms). */
  readonly timestamp: number;
  readonly value: Buffer | null;
}
