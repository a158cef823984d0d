import type { Admin, Batch, Consumer, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { StreamsError, toStreamsError } from '../../errors';
import type { StoreEnvironment } from '../stores/store-definition';
import { StreamTask } from '../task';
import type { TopicRef } from '../graph';
import { ActiveTask } from './active-task';
import { BufferedCollector } from './buffered-collector';
import type { Committer } from './committer';
import { type ErrorPolicy, RecordIntake } from './record-intake';
import { RepartitionPurger } from './repartition-purger';
import { SerialLock } from './serial-lock';
import type { EngineMetrics } from './streams-metrics';
import { taskAssignor } from './task-assignor';
import { type TaskLocks, unsharedTaskLocks } from './task-locks';
import type { TaskLayout, TaskSpec } from './task-layout';
import { TaskRestorer } from './task-restorer';

export interface StreamThreadOptions {
  readonly applicationId: string;
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly layout: TaskLayout;
  /** Made once the consumer exists: at-least-once commits offsets through it. */
  readonly createCommitter: (consumer: Consumer) => Promise<Committer>;
  readonly commitIntervalMs: number;
  /** Commit early once this many records wait in a task's buffer. */
  readonly maxBufferedRecords: number;
  readonly storeEnvironment: StoreEnvironment;
  readonly topicName: (ref: TopicRef) => string;
  readonly deserializationErrors: ErrorPolicy;
  readonly processingErrors: ErrorPolicy;
  readonly metrics: EngineMetrics;
  readonly logger: Logger;
  readonly onFatal: (error: StreamsError) => void;
  readonly sessionTimeoutMs?: number;
  /** How often committed repartition records are deleted (default 30 s). */
  readonly repartitionPurgeIntervalMs?: number;
  /** Shared with the app's other stream threads (default: this is the only one). */
  readonly taskLocks?: TaskLocks;
}

/** How long a task that cannot start (the cluster not ready yet) is retried before the app fails. */
const TASK_START_PATIENCE_MS = 120_000;

/** How long a start waits for another stream thread to close the task before trying again later. */
const TASK_HANDOVER_WAIT_MS = 1_000;

const REBALANCE_TYPES = [
  'REBALANCE_IN_PROGRESS',
  'NOT_COORDINATOR_FOR_GROUP',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
];

/** kafkajs nests errors (retries wrap them): look through causes for a group membership change. */
function isRebalancing(error: unknown): boolean {
  for (
    let e = error as { type?: string; cause?: unknown; originalError?: unknown } | undefined, depth = 0;
    e && depth < 6;
    depth += 1
  ) {
    if (REBALANCE_TYPES.includes(e.type ?? '')) return true;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return false;
}

/** What kafkajs's run loop recognises as "rejoin the group", whatever the commit failed with. */
function rebalanceSignal(cause: unknown): Error {
  return Object.assign(new Error('the group is rebalancing; uncommitted work stays with its tasks'), {
    name: 'KafkaJSError',
    type: 'REBALANCE_IN_PROGRESS',
    retriable: true,
    cause,
  });
}

/**
 * One consumer in the application's group and the tasks it owns. kafkajs rebalances eagerly and
 * only heartbeats from its own loop, so: restores run through the same consumer (changelog
 * partitions are assigned with their task and resumed only while replaying), output waits in
 * memory until a commit, and a task lost in a rebalance simply drops its uncommitted work, which
 * its new owner redoes from the committed offsets: never lost, never applied twice.
 */
export class StreamThread {
  private consumer: Consumer | undefined;
  private readonly active = new Map<string, ActiveTask>();
  private readonly lock = new SerialLock();
  private readonly restorer: TaskRestorer;
  private readonly intake: RecordIntake;
  private readonly purger: RepartitionPurger;
  private timer: NodeJS.Timeout | undefined;
  private lastCommit = Date.now();
  /** Next delay before a task given up by a failing sink starts again. */
  private readonly sinkBackoffMs = new Map<string, number>();
  private stopping = false;
  private failed = false;
  private committer!: Committer;
  /** Tasks the group gave this member in the last rebalance. */
  private assigned = new Set<string>();
  /** Tasks waiting to start again (a failed start, or a sink backoff), by task id. */
  private readonly pendingStarts = new Map<string, NodeJS.Timeout>();
  /** Tasks whose start keeps failing: since when, and how many attempts so far. */
  private readonly startFailures = new Map<string, { since: number; attempts: number }>();
  private readonly locks: TaskLocks;

  constructor(private readonly options: StreamThreadOptions) {
    this.locks = options.taskLocks ?? unsharedTaskLocks;
    this.intake = new RecordIntake(options);
    this.restorer = new TaskRestorer(options.admin, options.applicationId, options.metrics, options.logger);
    this.purger = new RepartitionPurger(
      options.admin,
      options.repartitionPurgeIntervalMs ?? 30_000,
      options.logger,
    );
  }

  async start(): Promise<void> {
    const { kafka, layout, applicationId } = this.options;
    const consumer = kafka.consumer({
      groupId: applicationId,
      partitionAssigners: [
        taskAssignor(
          () => layout.tasks,
          () => [...this.active.keys()],
        ),
      ],
      sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
      rebalanceTimeout: 60_000,
      heartbeatInterval: 1_000,
      readUncommitted: false,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 100,
    });
    this.consumer = consumer;
    this.committer = await this.options.createCommitter(consumer);
    consumer.on(consumer.events.GROUP_JOIN, (event) => this.onAssignment(event.payload.memberAssignment));
    consumer.on(consumer.events.END_BATCH_PROCESS, (event) => {
      const { topic, partition, lastOffset } = event.payload;
      if (layout.locate(topic, partition)?.kind !== 'changelog') return;
      void this.lock.run(() => this.advanceRestore(topic, partition, BigInt(lastOffset) + 1n));
    });
    consumer.on(consumer.events.CRASH, (event) => {
      if (!event.payload.restart && !this.stopping) this.fail(toStreamsError(event.payload.error));
    });
    await consumer.connect();
    await consumer.subscribe({ topics: layout.topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
        await this.lock
          .run(() => this.onBatch(batch))
          .catch((error: unknown) => {
            // kafkajs wraps what it crashes on and keeps only the message: report the engine's own error.
            if (error instanceof StreamsError && !error.retriable) this.fail(error);
            throw error;
          });
        resolveOffset(batch.lastOffset());
        await this.commitBeforeRebalance(heartbeat);
      },
    });
    this.timer = setInterval(
      () => void this.lock.run(() => this.tick()),
      Math.min(this.options.commitIntervalMs, 100),
    );
  }

  /** Commits what is processed, then leaves the group and closes every task cleanly. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    clearInterval(this.timer);
    for (const timer of this.pendingStarts.values()) clearTimeout(timer);
    this.pendingStarts.clear();
    await this.lock.run(() =>
      this.commitAll().catch((error) => this.options.logger.warn({ err: error }, 'final commit failed')),
    );
    await this.consumer?.disconnect().catch(() => undefined);
    await this.purger.drain();
    await this.lock.run(async () => {
      for (const task of [...this.active.values()]) await this.closeTask(task, false);
    });
    await this.committer.close();
  }

  /** Running tasks, for interactive queries. */
  runningTasks(): StreamTask[] {
    return [...this.active.values()].filter((t) => t.state === 'running').map((t) => t.task);
  }

  private onAssignment(assignment: Record<string, number[]>): void {
    const consumer = this.consumer!;
    const owned = new Set(this.options.layout.ownedTasks(assignment).map((t) => t.taskId));
    this.assigned = owned;
    // Synchronously, before kafkajs fetches again: only running tasks read their sources, only
    // restoring tasks read their changelogs, and kept tasks continue from their own positions.
    for (const [topic, partitions] of Object.entries(assignment)) {
      for (const partition of partitions) {
        const located = this.options.layout.locate(topic, partition);
        const active =
          located && owned.has(located.task.taskId) ? this.active.get(located.task.taskId) : undefined;
        const restoring = active?.restorations.get(topic);
        if (located?.kind === 'source' && active?.state === 'running') {
          consumer.seek({ topic, partition, offset: active.positions.get(topic)!.toString() });
        } else if (restoring !== undefined) {
          consumer.seek({ topic, partition, offset: restoring.next.toString() });
        } else {
          consumer.pause([{ topic, partitions: [partition] }]);
        }
      }
    }
    const specs = this.options.layout.tasks.filter((t) => owned.has(t.taskId));
    void this.lock.run(() => this.applyAssignment(specs));
  }

  private async applyAssignment(specs: TaskSpec[]): Promise<void> {
    const wanted = new Set(specs.map((s) => s.taskId));
    for (const task of [...this.active.values()]) {
      if (!wanted.has(task.taskId)) await this.closeTask(task, task.dirty);
    }
    // A task given away stops waiting to start here; if it comes back, it gets its full patience.
    for (const [taskId, timer] of this.pendingStarts) {
      if (!wanted.has(taskId)) {
        clearTimeout(timer);
        this.pendingStarts.delete(taskId);
      }
    }
    for (const taskId of this.startFailures.keys())
      if (!wanted.has(taskId)) this.startFailures.delete(taskId);
    const created = specs.filter((spec) => !this.active.has(spec.taskId));
    await Promise.all(created.map((spec) => this.createTask(spec)));
    this.reportTaskStates();
  }

  /**
   * Starts a task; one that cannot start yet (leadership moves for a while after a broker restart,
   * as every partition is loaded again) is tried again from a timer, outside the lock, so the
   * other tasks keep processing, committing and heartbeating meanwhile. Past two minutes from its
   * first failed attempt, the app fails loudly.
   */
  private async createTask(spec: TaskSpec): Promise<void> {
    const id = spec.taskId;
    clearTimeout(this.pendingStarts.get(id));
    this.pendingStarts.delete(id);
    const failing = this.startFailures.get(id) ?? { since: Date.now(), attempts: 0 };
    try {
      await this.startTask(spec);
      this.startFailures.delete(id);
    } catch (error) {
      this.active.get(id)?.task.close();
      this.active.delete(id);
      this.locks.release(id);
      if (!this.assigned.has(id) || this.stopping) {
        this.startFailures.delete(id);
        return;
      }
      failing.attempts += 1;
      if (Date.now() - failing.since < TASK_START_PATIENCE_MS) {
        this.startFailures.set(id, failing);
        this.options.logger.warn(
          { task: id, attempt: failing.attempts, err: error },
          'task start failed; retrying',
        );
        this.startLater(spec, Math.min(500 * failing.attempts, 5_000));
        return;
      }
      this.startFailures.delete(id);
      this.fail(
        new StreamsError(
          'STREAMS_STORE_UNAVAILABLE',
          `task ${id} could not start: ${(error as Error).message}`,
          {
            cause: error,
          },
        ),
      );
    }
  }

  /** Starts the task after `delay` (one pending start per task) if it is still this member's then. */
  private startLater(spec: TaskSpec, delay: number): void {
    clearTimeout(this.pendingStarts.get(spec.taskId));
    const timer = setTimeout(() => {
      this.pendingStarts.delete(spec.taskId);
      void this.lock.run(async () => {
        if (this.stopping || this.active.has(spec.taskId) || !this.assigned.has(spec.taskId)) return;
        await this.createTask(spec);
      });
    }, delay);
    timer.unref();
    this.pendingStarts.set(spec.taskId, timer);
  }

  private async startTask(spec: TaskSpec): Promise<void> {
    // Before fencing: the previous owner may still be committing this task's state.
    if (!(await this.locks.acquire(spec.taskId, TASK_HANDOVER_WAIT_MS)))
      throw new StreamsError('STREAMS_STORE_UNAVAILABLE', 'another stream thread still holds its state');
    await this.committer.prepareTask(spec.taskId);
    const collector = new BufferedCollector();
    const task = new StreamTask({
      applicationId: this.options.applicationId,
      subtopology: spec.subtopology,
      partition: spec.partition,
      collector,
      storeEnvironment: this.options.storeEnvironment,
      topicName: this.options.topicName,
      wallClock: () => Date.now(),
    });
    const active = new ActiveTask(spec, task, collector);
    this.active.set(spec.taskId, active);
    await this.restorer.begin(active);
    if (active.restorations.size === 0) this.markRunning(active);
    else
      this.consumer!.resume(
        [...active.restorations.keys()].map((topic) => ({ topic, partitions: [spec.partition] })),
      );
    for (const [topic, restoration] of active.restorations) {
      this.consumer!.seek({ topic, partition: spec.partition, offset: restoration.next.toString() });
    }
  }

  private markRunning(active: ActiveTask): void {
    active.state = 'running';
    active.task.startFrom(active.positions);
    const consumer = this.consumer!;
    const partition = active.partition;
    for (const topic of active.spec.changelogs.values()) consumer.pause([{ topic, partitions: [partition] }]);
    for (const topic of active.spec.sourceTopics) {
      consumer.seek({ topic, partition, offset: active.positions.get(topic)!.toString() });
      consumer.resume([{ topic, partitions: [partition] }]);
    }
    this.options.logger.info({ task: active.taskId }, 'task running');
    this.reportTaskStates();
  }

  private async advanceRestore(topic: string, partition: number, next: bigint): Promise<void> {
    const active = this.taskAt(topic, partition);
    if (active === undefined || active.state !== 'restoring') return;
    if (this.restorer.advance(active, topic, next)) this.markRunning(active);
  }

  private async onBatch(batch: Batch): Promise<void> {
    const { topic, partition } = batch;
    const located = this.options.layout.locate(topic, partition);
    const active = this.taskAt(topic, partition);
    if (located?.kind === 'changelog') {
      if (active?.state === 'restoring' && this.restorer.apply(active, batch)) this.markRunning(active);
      return;
    }
    if (this.stopping || active === undefined || active.state !== 'running') {
      this.consumer!.pause([{ topic, partitions: [partition] }]);
      if (active !== undefined)
        this.consumer!.seek({ topic, partition, offset: active.positions.get(topic)!.toString() });
      return;
    }
    const started = process.hrtime.bigint();
    let processed = 0;
    let next = active.positions.get(topic)!;
    try {
      for (const message of batch.messages) {
        const offset = BigInt(message.offset);
        if (offset < next) continue;
        const pending = this.intake.process(active, topic, partition, message);
        if (pending !== undefined) await pending;
        next = offset + 1n;
        processed += 1;
      }
    } finally {
      active.positions.set(topic, next);
      if (processed > 0) active.dirty = true;
    }
    const { application } = { application: this.options.applicationId };
    if (processed > 0) {
      this.options.metrics.processSeconds.observe(
        { application },
        Number(process.hrtime.bigint() - started) / 1e9 / processed,
      );
    }
    this.options.metrics.lag.set(
      { application, topic, partition: String(partition) },
      Number(batch.offsetLag()),
    );
    await this.maybeCommit();
  }

  private async tick(): Promise<void> {
    if (this.stopping) return;
    const now = Date.now();
    for (const active of this.active.values()) {
      if (active.state !== 'running') continue;
      const before = active.task.stats.punctuations;
      active.task.punctuateWallClock(now);
      if (active.task.stats.punctuations !== before) active.dirty = true;
    }
    await this.maybeCommit();
  }

  private async maybeCommit(): Promise<void> {
    const due = Date.now() - this.lastCommit >= this.options.commitIntervalMs;
    const full = [...this.active.values()].some(
      (t) => t.collector.size + t.task.pendingSinkRecords >= this.options.maxBufferedRecords,
    );
    if (!due && !full) return;
    try {
      await this.commitAll();
    } catch (error) {
      await this.onCommitFailure(toStreamsError(error));
    }
  }

  /** Flushes every task with uncommitted work and commits it: output, changelogs, offsets. */
  private async commitAll(): Promise<void> {
    this.lastCommit = Date.now();
    const dirty = [...this.active.values()].filter((t) => t.state === 'running' && t.dirty);
    if (dirty.length === 0) return;
    for (const active of dirty) active.task.flush();
    const committing = await this.writeExternalSinks(dirty);
    if (committing.length === 0) return;
    const application = this.options.applicationId;
    const timer = this.options.metrics.commitSeconds.startTimer({ application });
    const produced = new Map(committing.map((t) => [t.taskId, t.collector.size]));
    const changelogs = await this.committer.commit(
      committing.map((t) => ({
        taskId: t.taskId,
        collector: t.collector,
        positions: t.positions,
        partition: t.partition,
        changelogTopics: [...t.spec.changelogs.values()],
      })),
    );
    timer();
    this.options.metrics.commits.inc({ application, outcome: 'committed' });
    this.purger.committed(
      committing.flatMap((active) =>
        active.spec.repartitionSources.map((topic) => ({
          topic,
          partition: active.partition,
          offset: active.positions.get(topic)!,
        })),
      ),
    );
    for (const active of committing) {
      active.task.commitStores(changelogs.get(active.taskId) ?? new Map());
      active.dirty = false;
      this.sinkBackoffMs.delete(active.taskId);
      this.options.metrics.produced.inc(
        { application, task: active.taskId },
        produced.get(active.taskId) ?? 0,
      );
      this.reportTaskMetrics(active);
    }
  }

  /**
   * External systems are written first, so a crash before the commit replays into the same rows.
   * A task whose sink still fails after its retries is given up and started again later.
   */
  private async writeExternalSinks(dirty: readonly ActiveTask[]): Promise<ActiveTask[]> {
    const outcomes = await Promise.allSettled(dirty.map((active) => active.task.flushExternalSinks()));
    const written: ActiveTask[] = [];
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.status === 'fulfilled') written.push(dirty[i]!);
      else {
        const error = toStreamsError(outcome.reason, 'STREAMS_SINK_FAILED');
        if (!error.retriable) throw error;
        await this.replayLater(dirty[i]!, error);
      }
    }
    return written;
  }

  /** Drops the task's uncommitted work and starts it again after a growing backoff (1 s to 30 s). */
  private async replayLater(active: ActiveTask, error: StreamsError): Promise<void> {
    const delay = this.sinkBackoffMs.get(active.taskId) ?? 1_000;
    this.sinkBackoffMs.set(active.taskId, Math.min(delay * 2, 30_000));
    this.options.logger.warn(
      { task: active.taskId, err: error, retryInMs: delay },
      'external sink failed; the task replays from its committed offsets later',
    );
    this.consumer!.pause(
      active.spec.sourceTopics.map((topic) => ({ topic, partitions: [active.partition] })),
    );
    await this.closeTask(active, true);
    this.startLater(active.spec, delay);
  }

  private async onCommitFailure(error: StreamsError): Promise<void> {
    this.options.metrics.commits.inc({ application: this.options.applicationId, outcome: 'failed' });
    if (isRebalancing(error)) throw rebalanceSignal(error);
    if (error.code !== 'STREAMS_TASK_MIGRATED') {
      this.fail(error);
      throw error;
    }
    const taskId = error.details?.taskId;
    const active = typeof taskId === 'string' ? this.active.get(taskId) : undefined;
    this.options.logger.warn(
      { task: taskId, err: error },
      'task migrated or fenced; dropping its uncommitted work',
    );
    if (active === undefined) return;
    await this.closeTask(active, true);
    // Fenced by a newer owner: only start over if the group still gives this member the task.
    if (this.assigned.has(active.taskId)) await this.createTask(active.spec);
  }

  /** Before kafkajs rejoins, commit while this member still holds its generation. */
  private async commitBeforeRebalance(heartbeat: () => Promise<void>): Promise<void> {
    try {
      await heartbeat();
    } catch (error) {
      if (isRebalancing(error)) {
        await this.lock
          .run(() => this.commitAll())
          .catch((e) => this.options.logger.warn({ err: e }, 'commit before rebalance failed'));
      }
      throw error;
    }
  }

  /** Closes a task; a dirty close discards uncommitted work (its stores are rebuilt on reassignment). */
  private async closeTask(active: ActiveTask, dirty: boolean): Promise<void> {
    this.active.delete(active.taskId);
    if (dirty) active.collector.discard();
    active.task.close();
    this.locks.release(active.taskId);
    for (const topic of active.spec.sourceTopics) {
      this.options.metrics.lag.remove({
        application: this.options.applicationId,
        topic,
        partition: String(active.partition),
      });
    }
    this.options.metrics.restoreRemaining.remove({
      application: this.options.applicationId,
      task: active.taskId,
    });
    await this.committer.releaseTask(active.taskId);
    this.options.logger.info({ task: active.taskId, dirty }, 'task closed');
  }

  private taskAt(topic: string, partition: number): ActiveTask | undefined {
    const located = this.options.layout.locate(topic, partition);
    return located === undefined ? undefined : this.active.get(located.task.taskId);
  }

  private reportTaskStates(): void {
    const application = this.options.applicationId;
    const tasks = [...this.active.values()];
    this.options.metrics.tasks.set(
      { application, state: 'running' },
      tasks.filter((t) => t.state === 'running').length,
    );
    this.options.metrics.tasks.set(
      { application, state: 'restoring' },
      tasks.filter((t) => t.state === 'restoring').length,
    );
  }

  private reportTaskMetrics(active: ActiveTask): void {
    const { metrics, applicationId: application } = this.options;
    const stats = active.task.stats;
    const cache = active.task.cacheStats();
    metrics.consumed.inc({ application, task: active.taskId }, stats.processed - active.reported.processed);
    metrics.late.inc({ application, task: active.taskId }, stats.lateRecords - active.reported.late);
    metrics.cache.inc({ application, result: 'hit' }, cache.hits - active.reported.hits);
    metrics.cache.inc({ application, result: 'miss' }, cache.misses - active.reported.misses);
    active.reported = {
      processed: stats.processed,
      late: stats.lateRecords,
      hits: cache.hits,
      misses: cache.misses,
    };
  }

  private fail(error: StreamsError): void {
    if (this.stopping || this.failed) return;
    this.failed = true;
    this.options.logger.error({ err: error }, 'stream thread failed');
    this.options.onFatal(error);
  }
}
