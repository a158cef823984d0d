import type { Consumer, Kafka, Producer, RecordMetadata, TopicMessages } from 'kafkajs';
import { AppError } from '../../../../platform/errors';
import { type BufferedCollector, lastOffsets } from './buffered-collector';

/** What one task hands over at commit: its buffered output and the next offsets to read. */
export interface TaskCommit {
  readonly taskId: string;
  readonly collector: BufferedCollector;
  /** Next offset to consume per source topic, all on the task's partition. */
  readonly positions: ReadonlyMap<string, bigint>;
  readonly partition: number;
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

function merge(batches: TopicMessages[][]): TopicMessages[] {
  return batches.flat();
}

/** At-least-once: one idempotent producer for every task; output first, then offsets. */
export class AtLeastOnceCommitter implements Committer {
  constructor(
    private readonly producer: Producer,
    private readonly consumer: Consumer,
  ) {}

  async prepareTask(): Promise<void> {}

  async commit(tasks: readonly TaskCommit[]): Promise<CommittedChangelogs> {
    const drained = tasks.map((task) => ({ task, ...task.collector.drain() }));
    const messages = merge(drained.map((d) => d.topicMessages));
    let metadata: RecordMetadata[] = [];
    try {
      if (messages.length > 0)
        metadata = await this.producer.sendBatch({ topicMessages: messages, acks: -1 });
    } catch (error) {
      throw new AppError(
        'STREAMS_PRODUCTION_FAILED',
        `producing task output failed: ${(error as Error).message}`,
        { cause: error },
      );
    }
    await this.consumer.commitOffsets(
      tasks.flatMap((task) => offsetsFor(task).map((t) => ({ topic: t.topic, ...t.partitions[0]! }))),
    );
    const result: CommittedChangelogs = new Map();
    for (const { task, perPartition } of drained) {
      result.set(task.taskId, changelogsOf(task, lastOffsets(metadata, perPartition)));
    }
    return result;
  }

  async releaseTask(): Promise<void> {}

  async close(): Promise<void> {
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

  constructor(
    private readonly kafka: Kafka,
    private readonly applicationId: string,
  ) {}

  async prepareTask(taskId: string): Promise<void> {
    if (this.producers.has(taskId)) return;
    const producer = this.kafka.producer({
      transactionalId: `${this.applicationId}-${taskId}`,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 60_000,
    });
    await producer.connect();
    this.producers.set(taskId, producer);
  }

  async commit(tasks: readonly TaskCommit[]): Promise<CommittedChangelogs> {
    const result: CommittedChangelogs = new Map();
    for (const task of tasks) {
      const producer = this.producers.get(task.taskId);
      if (producer === undefined)
        throw new AppError('STREAMS_TASK_MIGRATED', `task ${task.taskId} has no producer`);
      const { topicMessages, perPartition } = task.collector.drain();
      const transaction = await producer.transaction();
      try {
        const metadata = topicMessages.length > 0 ? await transaction.sendBatch({ topicMessages }) : [];
        await transaction.sendOffsets({ consumerGroupId: this.applicationId, topics: offsetsFor(task) });
        await transaction.commit();
        result.set(task.taskId, changelogsOf(task, lastOffsets(metadata, perPartition)));
      } catch (error) {
        await transaction.abort().catch(() => undefined);
        throw new AppError(
          'STREAMS_TASK_MIGRATED',
          `transaction of task ${task.taskId} failed: ${(error as Error).message}`,
          {
            cause: error,
            details: { taskId: task.taskId },
          },
        );
      }
    }
    return result;
  }

  async releaseTask(taskId: string): Promise<void> {
    const producer = this.producers.get(taskId);
    this.producers.delete(taskId);
    await producer?.disconnect().catch(() => undefined);
  }

  async close(): Promise<void> {
    await Promise.all([...this.producers.keys()].map((taskId) => this.releaseTask(taskId)));
  }
}
