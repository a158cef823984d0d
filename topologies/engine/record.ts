/** Kafka record headers as the engine carries them. */
export type Headers = Record<string, Buffer>;

/** One record flowing through a topology: typed key and value, event time, headers. */
export interface StreamRecord<K, V> {
  readonly key: K;
  readonly value: V;
  /** Event time in epoch milliseconds, from the source's timestamp extractor. */
  readonly timestamp: number;
  readonly headers?: Headers;
}

/** Where the record being processed came from; absent during punctuation. */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** The raw record a timestamp extractor sees, after deserialization. */
export interface ConsumedRecord<K, V> extends RecordMetadata {
  readonly key: K;
  readonly value: V;
  /** The broker's record timestamp (create or append time) in epoch milliseconds. */
  readonly brokerTimestamp: number;
  readonly headers?: Headers;
}

/** Picks the event time of a consumed record; the default is the broker timestamp. */
export type TimestampExtractor<K, V> = (record: ConsumedRecord<K, V>) => number;
