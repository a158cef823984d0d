import type { Kafka } from 'kafkajs';
import type { ExternalSink } from './external-sink';
import type { Topology } from './topology';

/** Where a topology module is called. */
export interface StreamsModuleContext {
  /**
   * `plan`: in the app's own thread, for the topology only (open no clients there);
   * `run`: in a stream thread, which processes with what the module returns.
   */
  readonly role: 'plan' | 'run';
  /** The stream thread's index, 0 to n-1; -1 when planning. */
  readonly threadIndex: number;
  readonly applicationId: string;
  /**
   * A sink that stays in the app's thread (`StreamsConfig.appSinks`), for `KStream.toSink`: each
   * commit's write crosses to it and is awaited, and its failure comes back with its `code` and
   * `retriable`. Its clients then exist once per process, and its metrics and traces are the app's.
   * Records are copied across (structured clone). An unknown name is `STREAMS_TOPOLOGY_INVALID`.
   */
  appSink<K, V>(name: string): ExternalSink<K, V>;
}

/** What a topology module gives each thread. */
export interface StreamsModuleInstance {
  /** Must describe the same topology in every thread (the app checks). */
  readonly topology: Topology;
  /** The stream thread's Kafka client; required when running. */
  readonly kafka?: Kafka;
  /** Closes what the module opened (its sinks' clients), once its stream thread has stopped. */
  close?(): Promise<void>;
}

/**
 * Builds a topology in each thread that runs it. Topologies hold functions, which cannot move
 * between threads, so an app that processes on several threads loads its topology from code.
 */
export type StreamsModule<A> = (
  args: A,
  context: StreamsModuleContext,
) => StreamsModuleInstance | Promise<StreamsModuleInstance>;

/** Types a topology module: `export default defineStreamsModule((args: MyArgs, context) => …)`. */
export function defineStreamsModule<A>(module: StreamsModule<A>): StreamsModule<A> {
  return module;
}

/** A topology given as a module, for `new StreamsApp(module, config)` on several stream threads. */
export interface TopologyModule<A = unknown> {
  /** Absolute path of the module, as `require.resolve` gives it. */
  readonly path: string;
  /** The export that is a `StreamsModule` (default `default`). */
  readonly exportName?: string;
  /** Passed to the module in every thread; must survive `structuredClone`. */
  readonly args: A;
}
