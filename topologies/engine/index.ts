/**
 * The stream engine's public surface: a Kafka Streams-style DSL and Processor API for
 * TypeScript on kafkajs. Everything under `internals/` may change without notice.
 */
export { StreamsBuilder, type StoreSpec } from './streams-builder';
export { KStream } from './kstream';
export { KGroupedStream } from './kgrouped-stream';
export { KGroupedTable } from './kgrouped-table';
export { SessionWindowedKStream, TimeWindowedKStream } from './windowed-kstream';
export { KTable, Suppressed } from './ktable';
export { Topology } from './topology';
export { TopologyTestDriver, type TestDriverOptions, type TestRecord } from './test-driver';
export { JoinWindows, SessionWindows, SlidingWindows, TimeWindows } from './windows';
export { Serdes, type Serde, type SyncSerde } from './serdes';
export { sessionWindowedSerde, windowedSerde } from './windowed-serde';
export type * from './stores';
export type * from './record';
export type * from './processor';
export type * from './options';
export { StreamsApp, type StreamsConfig, type StreamsState, type ProcessingGuarantee } from './streams-app';
export {
  defineStreamsModule,
  type StreamsModule,
  type StreamsModuleContext,
  type StreamsModuleInstance,
  type TopologyModule,
} from './streams-module';
export type { ErrorPolicy } from './internals/runtime/record-intake';
export { confluentAvroSerde, type ConfluentAvroOptions } from './confluent-avro-serde';
export {
  STREAMS_ERROR_CODES,
  StreamsError,
  type StreamsErrorCode,
  type StreamsErrorOptions,
  type Failure,
} from './errors';
export type { ExternalSink, SinkContext, SinkOptions, SinkRecord } from './external-sink';
export { DEAD_LETTER_HEADERS } from './internals/runtime/dead-letter-record';
