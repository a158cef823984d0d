/**
 * A value with the version it is written under. The processors' sinks write whole states, each
 * under a version that never decreases for a key (the engine's `SinkRecord.version`), and the
 * tables keep the highest version of each key: a replay writes the same rows again.
 */
export interface Versioned<T> {
  readonly value: T;
  readonly version: bigint;
}
