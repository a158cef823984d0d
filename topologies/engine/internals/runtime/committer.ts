import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import { StreamsError } from '../../errors';
import type { OutgoingRecord } from '../record-collector';
import type { BufferedCollector } from './buffered-collector';
import { Partitioner, installLeanProduce, produceRecords } from './lean-produce';
import { positionMarker } from './position-marker';

/**
 * How many partitions each topic the key partitions has, asked once per topic (as Kafka Streams
 * does) through an admin client of its own: a metadata request for one topic through a shared
 * kafkajs admin replaces that admin's cached metadata, which broke the repartition purger.
 * Asked lazily rather than at start, since records may go to topics the start does not look at
 * (sinks, dead letters); concurrent commits share one connection attempt and one request per topic.
 */
export class PartitionCounts {
  private readonly known = new Map<string, Promise<number>>();
  /** Set before connecting, so tasks committing side by side wait for the same connection. */
  private admin: Promise<Admin> | undefined;

  constructor(private readonly kafka: Kafka) {}

  readonly of = (topic: string): Promise<number> => {
    let count = this.known.get(topic);
    if (count === undefined) {
      count = this.fetch(topic);
      count.catch(() => this.known.delete(topic));
      this.known.set(topic, count);
    }
    return count;
  };

  private async fetch(topic: string): Promise<number> {
    const metadata = await (await this.connected()).fetchTopicMetadata({ topics: [topic] });
    return metadata.topics[0]!.partitions.length;
  }

  private connected(): Promise<Admin> {
    if (this.admin === undefined) {
      const admin = this.kafka.admin();
      const connecting = admin.connect().then(() => admin);
      this.admin = connecting;
      // A failed connection is not kept: the next commit tries again with a new client.
      connecting.catch(() => {
        if (this.admin === connecting) this.admin = undefined;
        void admin.disconnect().catch(() => undefined);
      });
    }
    return this.admin;
  }

  async close(): Promise<void> {
    const admin = await this.admin?.catch(() => undefined);
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }
}

/** What one task hands over at commit: its buffered output and the next offsets to read. */
export interface TaskCommit {
  readonly taskId: string;
  readonly collector: BufferedCollector;
  /** Next offset to consume per source topic, all on the task's partition. */
  readonly positions: ReadonlyMap<string, bigint>;
  readonly partition: number;
  /** The task's changelog topics (each on the task's partition). */
  readonly changelogTopics: readonly string[];
}

/** Per task: the last changelog offset written per topic, for store checkpoints. */
export type CommittedChangelogs = Map<string, Map<string, bigint>>;

/** The one place where processed becomes committed: output, changelogs and input offsets. */
export interface Committer {
  /** Exactly-once: opens the task's transactional producer, fencing any older owner. */
  prepareTask(taskId: string): Promise<void>;
  commit(tasks: readonly TaskCommit[]): Promise<CommittedChangelogs>;
  releaseTask(taskId: string): Promise<void>;
  close(): Promise<void>;
}

function offsetsFor(task: TaskCommit) {
  return [...task.positions].map(([topic, offset]) => ({
    topic,
    partitions: [{ partition: task.partition, offset: offset.toString() }],
  }));
}

function changelogsOf(task: TaskCommit, offsets: Map<string, bigint>): Map<string, bigint> {
  const result = new Map<string, bigint>();
  for (const [id, offset] of offsets) {
    const split = id.lastIndexOf(':');
    if (Number(id.slice(split + 1)) === task.partition) result.set(id.slice(0, split), offset);
  }
  return result;
}

/**
 * At-least-once: one idempotent producer for every task. Output first, then changelogs (with a
 * position marker each), then input offsets: a crash between steps replays input (duplicate
 * output, as at-least-once allows) but never loses it, and a refused offset commit after the
 * changelogs are written is recovered from the markers instead of being applied twice.
 */
export class AtLeastOnceCommitter implements Committer {
  private readonly partitioner = new Partitioner();

  constructor(
    private readonly producer: Producer,
    private readonly consumer: Consumer,
    private readonly partitions: PartitionCounts,
  ) {
    installLeanProduce();
  }

  async prepareTask(): Promise<void> {}

  async commit(tasks: readonly TaskCommit[]): Promise<CommittedChangelogs> {
    const output: OutgoingRecord[] = [];
    const changelog: OutgoingRecord[] = [];
    const now = Date.now();
    for (const task of tasks) {
      const changelogs = new Set(task.changelogTopics);
      for (const record of task.collector.drain())
        (changelogs.has(record.topic) ? changelog : output).push(record);
      for (const topic of task.changelogTopics)
        changelog.push(positionMarker(topic, task.partition, task.positions, now));
    }
    let offsets: Map<string, bigint>;
    try {
      await this.send(output);
      offsets = await this.send(changelog);
    } catch (error) {
      throw new StreamsError(
        'STREAMS_PRODUCTION_FAILED',
        `producing task output failed: ${(error as Error).message}`,
        { cause: error },
      );
    }
    await this.consumer.commitOffsets(
      tasks.flatMap((task) => offsetsFor(task).map((t) => ({ topic: t.topic, ...t.partitions[0]! }))),
    );
    return new Map(tasks.map((task) => [task.taskId, changelogsOf(task, offsets)]));
  }

  private send(records: OutgoingRecord[]): Promise<Map<string, bigint>> {
    return produceRecords(records, this.partitions.of, this.partitioner, (topicMessages) =>
      this.producer.sendBatch({ topicMessages, acks: -1 }),
    );
  }

  async releaseTask(): Promise<void> {}

  async close(): Promise<void> {
    await this.partitions.close();
    await this.producer.disconnect();
  }
}

/**
 * Exactly-once without KIP-447: one transactional producer per task, its transactional id made
 * of the application id and the task id, so whichever instance takes a task over fences the
 * previous owner and waits for its open transaction to end before reading committed offsets.
 */
export class ExactlyOnceCommitter implements Committer {
  private readonly producers = new Map<string, Producer>();
  private readonly partitioner = new Partitioner();

  constructor(
    private readonly kafka: Kafka,
    private readonly applicationId: string,
    private readonly partitions: PartitionCounts,
  ) {
    installLeanProduce();
  }

  async prepareTask(taskId: string): Promise<void> {
    if (this.producers.has(taskId)) return;
    const producer = this.kafka.producer({
      transactionalId: `${this.applicationId}-${taskId}`,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 60_000,
    });
    await producer.connect();
    // kafkajs registers the transactional id lazily, at the first transaction: open and abort an
    // empty one now, so the previous owner is fenced and its open transaction ended before this
    // task reads committed offsets and changelog ends.
    const fence = await producer.transaction();
    await fence.abort();
    this.producers.set(taskId, producer);
  }

  /** Each task's transaction is independent (its own producer), so they run side by side. */
  async commit(tasks: readonly TaskCommit[]): Promise<CommittedChangelogs> {
    const outcomes = await Promise.allSettled(tasks.map((task) => this.commitTask(task)));
    const result: CommittedChangelogs = new Map();
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'fulfilled') result.set(tasks[i]!.taskId, outcome.value);
    });
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
    return result;
  }

  private async commitTask(task: TaskCommit): Promise<Map<string, bigint>> {
    const producer = this.producers.get(task.taskId);
    if (producer === undefined) {
      throw new StreamsError('STREAMS_TASK_MIGRATED', `task ${task.taskId} has no producer`, {
        details: { taskId: task.taskId },
      });
    }
    const records = task.collector.drain();
    const transaction = await producer.transaction();
    try {
      const offsets = await produceRecords(records, this.partitions.of, this.partitioner, (topicMessages) =>
        transaction.sendBatch({ topicMessages }),
      );
      await transaction.sendOffsets({ consumerGroupId: this.applicationId, topics: offsetsFor(task) });
      await transaction.commit();
      return changelogsOf(task, offsets);
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw new StreamsError(
        'STREAMS_TASK_MIGRATED',
        `transaction of task ${task.taskId} failed: ${(error as Error).message}`,
        {
          cause: error,
          details: { taskId: task.taskId },
        },
      );
    }
  }

  async releaseTask(taskId: string): Promise<void> {
    const producer = this.producers.get(taskId);
    this.producers.delete(taskId);
    await producer?.disconnect().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.partitions.close();
    await Promise.all([...this.producers.keys()].map((taskId) => this.releaseTask(taskId)));
  }
}
