import type { Admin } from 'kafkajs';
import type { Logger } from 'pino';

/** A repartition topic-partition and the offset its one reader has committed. */
export interface CommittedRepartition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
}

/**
 * Deletes repartition records that their reading task has committed, at most once per interval
 * (Kafka Streams' `repartition.purge.interval.ms`). Repartition topics are kept forever by time
 * (`retention.ms=-1`), so this is what bounds them. Best effort: a failed purge is retried with
 * the next commit's offsets and never stops processing.
 */
export class RepartitionPurger {
  private readonly latest = new Map<string, CommittedRepartition>();
  private lastPurge = Date.now();
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly admin: Admin,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  /** Remembers what a commit made final, and purges if the interval has passed. */
  committed(offsets: Iterable<CommittedRepartition>): void {
    for (const entry of offsets) this.latest.set(`${entry.topic}:${entry.partition}`, entry);
    if (this.latest.size === 0 || this.inFlight !== undefined) return;
    if (Date.now() - this.lastPurge < this.intervalMs) return;
    this.lastPurge = Date.now();
    const batch = [...this.latest.values()];
    this.latest.clear();
    this.inFlight = this.purge(batch).finally(() => (this.inFlight = undefined));
  }

  /** Waits for a purge in flight (stop). */
  async drain(): Promise<void> {
    await this.inFlight;
  }

  private async purge(entries: readonly CommittedRepartition[]): Promise<void> {
    const byTopic = new Map<string, Array<{ partition: number; offset: string }>>();
    for (const { topic, partition, offset } of entries) {
      const partitions = byTopic.get(topic) ?? [];
      partitions.push({ partition, offset: offset.toString() });
      byTopic.set(topic, partitions);
    }
    for (const [topic, partitions] of byTopic) {
      await this.admin
        .deleteTopicRecords({ topic, partitions })
        .catch((error: unknown) =>
          this.logger.warn({ err: error, topic }, 'purging committed repartition records failed'),
        );
    }
  }
}
