import { tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Headers } from './record';
import type { Serde } from './serdes';
import type { KeyValueStore, SessionStore, StateStore, WindowStore } from './stores';
import type { Topology } from './topology';
import type { TopicRef } from './internals/graph';
import type { OutgoingRecord } from './internals/record-collector';
import { StreamTask } from './internals/task';

/** A record read from an output topic of the test driver. */
export interface TestRecord<K, V> {
  readonly key: K;
  readonly value: V;
  readonly timestamp: number;
  readonly headers?: Headers;
}

export interface TestDriverOptions {
  readonly applicationId?: string;
  readonly initialWallClockMs?: number;
  /** Cache entries per store; the driver commits after every input record, as Kafka Streams' does. */
  readonly cacheMaxEntries?: number;
}

/**
 * Runs a topology without a broker: one task per sub-topology, records piped in with explicit
 * timestamps, a commit after every input record, repartition topics fed back in place.
 */
export class TopologyTestDriver {
  readonly applicationId: string;
  private readonly tasks: StreamTask[];
  private readonly outputs = new Map<string, OutgoingRecord[]>();
  private readonly pending: OutgoingRecord[] = [];
  private readonly stateDir = mkdtempSync(join(tmpdir(), 'topology-test-driver-'));
  private wallClock: number;
  private offset = 0;

  constructor(topology: Topology, options: TestDriverOptions = {}) {
    this.applicationId = options.applicationId ?? 'test-driver';
    this.wallClock = options.initialWallClockMs ?? 0;
    const collector = { send: (record: OutgoingRecord) => this.pending.push(record) };
    this.tasks = topology.subtopologies.map(
      (subtopology) =>
        new StreamTask({
          applicationId: this.applicationId,
          subtopology,
          partition: 0,
          collector,
          storeEnvironment: { stateDir: this.stateDir, cacheMaxEntries: options.cacheMaxEntries ?? 1000 },
          topicName: (topic: TopicRef) =>
            topic.internal ? `${this.applicationId}-${topic.name}` : topic.name,
          wallClock: () => this.wallClock,
        }),
    );
    this.route();
  }

  /** Pipes records into `topic`, serialized with the given serdes as a producer would. */
  createInputTopic<K, V>(topic: string, keySerde: Serde<K>, valueSerde: Serde<V>) {
    return {
      pipeInput: async (key: K, value: V, timestamp: number, headers?: Headers): Promise<void> => {
        await this.pipeRaw(
          topic,
          keySerde.serialize(key, topic),
          valueSerde.serialize(value, topic),
          timestamp,
          headers,
        );
      },
    };
  }

  /** Reads what the topology wrote to `topic` (sink, changelog, repartition or late-record topics). */
  createOutputTopic<K, V>(topic: string, keySerde: Serde<K>, valueSerde: Serde<V>) {
    const take = async (): Promise<TestRecord<K, V>[]> => {
      const records = this.outputs.get(topic) ?? [];
      this.outputs.set(topic, []);
      return Promise.all(
        records.map(async (record) => ({
          key: await keySerde.deserialize(record.key, topic),
          value: await valueSerde.deserialize(record.value, topic),
          timestamp: record.timestamp,
          ...(record.headers ? { headers: record.headers } : {}),
        })),
      );
    };
    return {
      readRecordsToList: take,
      readKeyValuesToList: async () => (await take()).map(({ key, value }) => ({ key, value })),
      /** The latest value per key, as a table of the topic would hold it. */
      readKeyValuesToMap: async () => new Map((await take()).map(({ key, value }) => [key, value])),
      isEmpty: () => (this.outputs.get(topic) ?? []).length === 0,
    };
  }

  /** Serialized input, for testing deserialization failures. */
  async pipeRaw(
    topic: string,
    key: Buffer | null,
    value: Buffer | null,
    timestamp: number,
    headers?: Headers,
  ): Promise<void> {
    const task = this.taskReading(topic);
    if (task === undefined) throw new TypeError(`no sub-topology reads ${topic}`);
    const serdes = task.sourceSerdes(topic);
    this.offset += 1;
    task.process({
      topic,
      partition: 0,
      offset: String(this.offset),
      key: await serdes.keySerde.deserialize(key, topic),
      value: await serdes.valueSerde.deserialize(value, topic),
      brokerTimestamp: timestamp,
      ...(headers ? { headers } : {}),
    });
    await this.commit();
  }

  /** Moves the wall clock and fires wall-clock punctuators that are due. */
  async advanceWallClockTime(ms: number): Promise<void> {
    this.wallClock += ms;
    for (const task of this.tasks) task.punctuateWallClock(this.wallClock);
    await this.commit();
  }

  getStateStore<S extends StateStore>(name: string): S {
    for (const task of this.tasks) {
      const store = task.store(name);
      if (store !== undefined) return store as S;
    }
    throw new TypeError(`no store named ${name}`);
  }

  getKeyValueStore<K, V>(name: string): KeyValueStore<K, V> {
    return this.getStateStore(name);
  }

  getWindowStore<K, V>(name: string): WindowStore<K, V> {
    return this.getStateStore(name);
  }

  getSessionStore<K, V>(name: string): SessionStore<K, V> {
    return this.getStateStore(name);
  }

  /** Late records dropped by windowed operators so far. */
  lateRecordCount(): number {
    return this.tasks.reduce((sum, task) => sum + task.stats.lateRecords, 0);
  }

  close(): void {
    for (const task of this.tasks) task.close();
    rmSync(this.stateDir, { recursive: true, force: true });
  }

  private taskReading(topic: string): StreamTask | undefined {
    return this.tasks.find((task) => task.inputTopics.includes(topic));
  }

  /** As the runtime commits: caches flush downstream, then external sinks are written. */
  private async commit(): Promise<void> {
    for (const task of this.tasks) task.flush();
    this.route();
    for (const task of this.tasks) await task.flushExternalSinks();
  }

  /** Feeds records written to topics the topology itself reads (repartition topics) back in. */
  private route(): void {
    while (this.pending.length > 0) {
      const record = this.pending.shift()!;
      this.outputs.set(record.topic, [...(this.outputs.get(record.topic) ?? []), record]);
      const task = this.taskReading(record.topic);
      if (task === undefined) continue;
      const serdes = task.sourceSerdes(record.topic);
      this.offset += 1;
      task.process({
        topic: record.topic,
        partition: 0,
        offset: String(this.offset),
        key: serdes.keySerde.deserialize(record.key, record.topic) as unknown,
        value: serdes.valueSerde.deserialize(record.value, record.topic) as unknown,
        brokerTimestamp: record.timestamp,
        ...(record.headers ? { headers: record.headers } : {}),
      });
      // A record read back from a repartition topic is an input record of its own: committing
      // after it, as Kafka Streams' driver does, shows every update rather than a collapsed one.
      for (const t of this.tasks) t.flush();
    }
  }
}
