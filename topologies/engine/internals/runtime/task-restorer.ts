import type { Admin, Batch } from 'kafkajs';
import type { Logger } from 'pino';
import type { ActiveTask, Restoration } from './active-task';
import { readPositionMarker, resumePositions } from './position-marker';
import type { EngineMetrics } from './streams-metrics';

/**
 * Brings a new task's stores up to date before it processes: each changelog partition is replayed
 * from the store's checkpoint (persistent stores) or from the start (in-memory stores) up to the
 * end it had when the task started. Under exactly-once the task's producer has already fenced the
 * previous owner, so that end is final and the replay reads committed records only.
 */
export class TaskRestorer {
  constructor(
    private readonly admin: Admin,
    private readonly applicationId: string,
    private readonly metrics: EngineMetrics,
    private readonly logger: Logger,
  ) {}

  /** Reads committed source offsets and plans the changelog replays of a new task. */
  async begin(active: ActiveTask): Promise<void> {
    const partition = active.partition;
    const committed = await this.admin.fetchOffsets({
      groupId: this.applicationId,
      topics: [...active.spec.sourceTopics],
    });
    for (const topic of active.spec.sourceTopics) {
      const offset = committed
        .find((t) => t.topic === topic)
        ?.partitions.find((p) => p.partition === partition)?.offset;
      const start =
        offset !== undefined && offset !== '-1'
          ? BigInt(offset)
          : await this.bounds(topic, partition).then((b) => b.low);
      active.positions.set(topic, start);
    }
    for (const [storeName, topic] of active.spec.changelogs) {
      const store = active.task.stores.get(storeName)!;
      const { low, high } = await this.bounds(topic, partition);
      const checkpoint = store.backend.checkpoint();
      let next = low;
      if (checkpoint !== undefined && checkpoint + 1n >= low && checkpoint + 1n <= high)
        next = checkpoint + 1n;
      else if (checkpoint !== undefined) store.backend.wipe();
      if (next === low && low > 0n) {
        // Only deleteRecords or a time-based policy set by hand moves a compacted log's start.
        this.logger.warn(
          { task: active.taskId, changelog: topic, logStartOffset: String(low) },
          'changelog records before its start offset were deleted: the restored store may miss them',
        );
      }
      if (next < high) active.restorations.set(topic, { store, next, end: high });
    }
    this.report(active);
    this.logger.debug(
      {
        task: active.taskId,
        positions: Object.fromEntries([...active.positions].map(([t, o]) => [t, String(o)])),
        restorations: Object.fromEntries(
          [...active.restorations].map(([t, r]) => [t, `${r.next}..${r.end}`]),
        ),
      },
      'task begins',
    );
    if (active.restorations.size > 0) {
      this.logger.info({ task: active.taskId, records: active.remaining() }, 'restoring task state');
    }
  }

  /** Replays one fetched changelog batch; true once every changelog of the task is done. */
  apply(active: ActiveTask, batch: Batch): boolean {
    const restoration = active.restorations.get(batch.topic);
    if (restoration === undefined) return false;
    let applied = 0;
    for (const message of batch.messages) {
      if (BigInt(message.offset) < restoration.next || message.key === null) continue;
      const marker = readPositionMarker(message);
      if (marker !== undefined) {
        active.markers.set(batch.topic, marker);
        continue;
      }
      if (message.value === null) restoration.store.backend.delete(message.key);
      else restoration.store.backend.put(message.key, message.value);
      applied += 1;
    }
    this.metrics.restored.inc({ application: this.applicationId, task: active.taskId }, applied);
    return this.advance(active, batch.topic, BigInt(batch.lastOffset()) + 1n);
  }

  /** Moves a replay past offsets that held no data (transaction markers); true once all are done. */
  advance(active: ActiveTask, topic: string, next: bigint): boolean {
    const restoration = active.restorations.get(topic);
    if (restoration !== undefined && next > restoration.next) restoration.next = next;
    if (restoration !== undefined && restoration.next >= restoration.end)
      this.finish(active, topic, restoration);
    this.report(active);
    if (active.restorations.size > 0) return false;
    this.resumeFromMarkers(active);
    return true;
  }

  /** Skips input whose effects the restored changelogs already hold (see position-marker.ts). */
  private resumeFromMarkers(active: ActiveTask): void {
    const resumed = resumePositions(
      active.positions,
      [...active.markers.values()],
      active.spec.changelogs.size,
    );
    for (const [topic, offset] of resumed) {
      if (offset === active.positions.get(topic)) continue;
      this.logger.warn(
        {
          task: active.taskId,
          topic,
          committed: String(active.positions.get(topic)),
          resumed: String(offset),
        },
        'resuming after input already reflected in restored state',
      );
      active.positions.set(topic, offset);
    }
    active.markers.clear();
  }

  private finish(active: ActiveTask, topic: string, restoration: Restoration): void {
    restoration.store.backend.commit(restoration.end - 1n);
    active.restorations.delete(topic);
    this.logger.info({ task: active.taskId, changelog: topic }, 'changelog restored');
  }

  private report(active: ActiveTask): void {
    this.metrics.restoreRemaining.set(
      { application: this.applicationId, task: active.taskId },
      active.remaining(),
    );
  }

  private async bounds(topic: string, partition: number): Promise<{ low: bigint; high: bigint }> {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    const entry = offsets.find((o) => o.partition === partition);
    return { low: BigInt(entry?.low ?? '0'), high: BigInt(entry?.high ?? '0') };
  }
}
