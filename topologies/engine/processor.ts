import type { RecordMetadata, StreamRecord } from './record';
import type { StateStore } from './stores';

/**
 * `stream-time` punctuators fire as event time advances (driven by input records);
 * `wall-clock` punctuators fire on the system clock, even when no input arrives.
 */
export type PunctuationType = 'stream-time' | 'wall-clock';

export interface Cancellable {
  cancel(): void;
}

/** What a processor may do: forward records, reach its stores, schedule work. */
export interface ProcessorContext<KOut, VOut> {
  readonly applicationId: string;
  /** `<subtopology>_<partition>`, as in Kafka Streams. */
  readonly taskId: string;
  /** The input record being processed, or undefined inside a punctuator. */
  readonly recordMetadata: RecordMetadata | undefined;
  /** Sends a record to every child, or to the named child only. */
  forward(record: StreamRecord<KOut, VOut>, childName?: string): void;
  /** A store this processor was connected to when the topology was built. */
  getStateStore<S extends StateStore>(name: string): S;
  /** Calls `callback` every `intervalMs` of stream time or wall-clock time. */
  schedule(intervalMs: number, type: PunctuationType, callback: (timestampMs: number) => void): Cancellable;
  /** The largest event time this task has seen. */
  currentStreamTimeMs(): number;
  currentSystemTimeMs(): number;
}

/**
 * A record-at-a-time processor. `process` is synchronous on purpose: the task commits state,
 * output and input offsets together, so nothing may be in flight outside its control.
 */
export interface Processor<KIn, VIn, KOut = KIn, VOut = VIn> {
  init?(context: ProcessorContext<KOut, VOut>): void;
  process(record: StreamRecord<KIn, VIn>): void;
  close?(): void;
}

/** Makes a fresh processor for every task. */
export type ProcessorSupplier<KIn, VIn, KOut = KIn, VOut = VIn> = () => Processor<KIn, VIn, KOut, VOut>;
