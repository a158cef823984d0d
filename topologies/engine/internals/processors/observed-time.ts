/**
 * A windowed operator's own stream time: the largest timestamp among the records that reached it,
 * as Kafka Streams' window aggregates and suppression keep it (`observedStreamTime`). Windows close
 * by it rather than by the task's stream time, which follows every input of the task: a task whose
 * other inputs run ahead in event time (live updates beside a backfill of older samples) must not
 * close this operator's windows before its own records got there.
 */
export class ObservedStreamTime {
  private max = Number.NEGATIVE_INFINITY;

  /** Takes a record's timestamp into account; returns the stream time after it. */
  observe(timestamp: number): number {
    if (timestamp > this.max) this.max = timestamp;
    return this.max;
  }

  /** The largest timestamp seen so far (-Infinity before the first record). */
  get now(): number {
    return this.max;
  }
}
