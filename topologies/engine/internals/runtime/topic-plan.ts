import { type Admin, ConfigResourceTypes } from 'kafkajs';
import { StreamsError } from '../../errors';
import type { TopicRef } from '../graph';
import { changelogTopicName } from '../stores/store-context';
import type { Subtopology } from '../subtopologies';

/** A topic the runtime needs, with the partitions and configs it must have. */
export interface TopicRequirement {
  readonly name: string;
  readonly partitions: number;
  readonly configs: Record<string, string>;
  /** Created by the runtime; an existing one with other partitions is an error. */
  readonly internal: boolean;
}

export interface TopicPlan {
  readonly partitionsBySubtopology: ReadonlyMap<number, number>;
  readonly topics: readonly TopicRequirement[];
}

const DAY_MS = 24 * 3_600_000;

/**
 * What a store's changelog is set to. Key-value stores: compacted. Window and session stores also
 * drop entries by time, a day after the store's retention, as Kafka Streams' do; but by the time
 * the broker appended them (`LogAppendTime`), not their own timestamps. The broker applies
 * `retention.ms` to each record's timestamp, which for a window is event time: a backfill or a
 * replay of events older than the retention lost changelog records of windows still open in
 * stream time, and a restore then missed them. Expiry stays local to the store (no tombstones:
 * they cost a quarter of the engine's throughput on a windowed count).
 */
export function changelogConfigs(retentionMs: number | undefined): Record<string, string> {
  if (retentionMs === undefined || !Number.isFinite(retentionMs)) return { 'cleanup.policy': 'compact' };
  return {
    'cleanup.policy': 'compact,delete',
    'retention.ms': String(retentionMs + DAY_MS),
    'message.timestamp.type': 'LogAppendTime',
  };
}

/**
 * Repartition topics are never trimmed by time either (their records keep event time, so a
 * backfill would lose records before the next sub-topology read them); the runtime deletes what
 * every reader has committed instead (see repartition-purger.ts), as Kafka Streams does.
 */
export const REPARTITION_CONFIGS: Readonly<Record<string, string>> = {
  'cleanup.policy': 'delete',
  'retention.ms': '-1',
};

/**
 * Works out how many partitions each sub-topology has (from its user topics, which must agree:
 * co-partitioning) and what every internal topic needs: repartition topics take the partitions
 * of the sub-topology reading them, or else of the one writing them; changelogs and late-record
 * topics take their sub-topology's.
 */
export async function planTopics(
  subtopologies: readonly Subtopology[],
  sideOutputs: ReadonlyArray<{ topic: TopicRef; store: string }>,
  topicName: (ref: TopicRef) => string,
  applicationId: string,
  admin: Admin,
): Promise<TopicPlan> {
  const userTopics = [
    ...new Set(subtopologies.flatMap((s) => s.sourceTopics.filter((t) => !t.internal).map((t) => t.name))),
  ];
  const userPartitions = await partitionCounts(admin, userTopics);
  const counts = new Map<number, number>();
  const internalCounts = new Map<string, number>();
  for (const sub of subtopologies) {
    const own = [
      ...new Set(sub.sourceTopics.filter((t) => !t.internal).map((t) => userPartitions.get(t.name)!)),
    ];
    if (own.length > 1) {
      const topics = sub.sourceTopics
        .filter((t) => !t.internal)
        .map((t) => `${t.name}=${userPartitions.get(t.name)}`);
      throw new StreamsError(
        'STREAMS_COPARTITION_MISMATCH',
        `sub-topology ${sub.id} reads topics with different partition counts: ${topics.join(', ')}`,
      );
    }
    if (own.length === 1) {
      counts.set(sub.id, own[0]!);
      sub.sourceTopics.filter((t) => t.internal).forEach((t) => internalCounts.set(t.name, own[0]!));
    }
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const sub of subtopologies) {
      const known = counts.get(sub.id);
      if (known !== undefined) {
        for (const t of sub.sinkTopics.filter((t) => t.internal && !internalCounts.has(t.name))) {
          internalCounts.set(t.name, Math.max(known, ...readersOf(t, subtopologies, counts)));
          changed = true;
        }
        continue;
      }
      const inputs = sub.sourceTopics.map((t) => internalCounts.get(t.name));
      if (inputs.every((n) => n !== undefined)) {
        counts.set(sub.id, Math.max(...(inputs as number[])));
        changed = true;
      }
    }
  }
  const topics: TopicRequirement[] = [];
  for (const sub of subtopologies) {
    const partitions = counts.get(sub.id);
    if (partitions === undefined)
      throw new StreamsError('STREAMS_TOPOLOGY_INVALID', `cannot size sub-topology ${sub.id}`);
    for (const store of sub.stores.filter((s) => s.logged)) {
      topics.push({
        name: changelogTopicName(applicationId, store.name),
        partitions,
        configs: changelogConfigs(store.type === 'key-value' ? undefined : store.retentionMs),
        internal: true,
      });
    }
  }
  for (const [name, partitions] of internalCounts) {
    topics.push({
      name: topicName({ name, internal: true }),
      partitions,
      configs: REPARTITION_CONFIGS,
      internal: true,
    });
  }
  for (const sub of subtopologies) {
    for (const sink of sub.sinkTopics.filter((t) => t.internal && !internalCounts.has(t.name))) {
      topics.push({
        name: topicName(sink),
        partitions: counts.get(sub.id)!,
        configs: REPARTITION_CONFIGS,
        internal: true,
      });
    }
  }
  for (const { topic, store } of sideOutputs) {
    const writer = subtopologies.find((sub) => sub.stores.some((s) => s.name === store));
    const partitions = writer === undefined ? undefined : counts.get(writer.id);
    if (partitions !== undefined)
      topics.push({ name: topicName(topic), partitions, configs: {}, internal: topic.internal });
  }
  return { partitionsBySubtopology: counts, topics };
}

function readersOf(
  topic: TopicRef,
  subtopologies: readonly Subtopology[],
  counts: Map<number, number>,
): number[] {
  return subtopologies
    .filter((s) => s.sourceTopics.some((t) => t.internal && t.name === topic.name))
    .map((s) => counts.get(s.id))
    .filter((n): n is number => n !== undefined);
}

async function partitionCounts(admin: Admin, topics: string[]): Promise<Map<string, number>> {
  if (topics.length === 0) return new Map();
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length > 0) {
    throw new StreamsError('STREAMS_TOPOLOGY_INVALID', `source topics do not exist: ${missing.join(', ')}`);
  }
  const metadata = await admin.fetchTopicMetadata({ topics });
  return new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
}

/** Creates missing topics and refuses internal topics whose partition count differs. */
export async function ensurePlannedTopics(admin: Admin, topics: readonly TopicRequirement[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const present = topics.filter((t) => existing.has(t.name) && t.internal);
  if (present.length > 0) {
    const metadata = await admin.fetchTopicMetadata({ topics: present.map((t) => t.name) });
    for (const topic of metadata.topics) {
      const wanted = present.find((t) => t.name === topic.name)!;
      if (topic.partitions.length !== wanted.partitions) {
        throw new StreamsError(
          'STREAMS_INTERNAL_TOPIC_INVALID',
          `${topic.name} has ${topic.partitions.length} partitions, the topology needs ${wanted.partitions}`,
        );
      }
    }
  }
  await alignConfigs(
    admin,
    present.filter((t) => Object.keys(t.configs).length > 0),
  );
  const missing = topics.filter((t) => !existing.has(t.name));
  if (missing.length > 0) {
    // Another instance may be creating the same topics right now: that is not an error.
    await admin
      .createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          configEntries: Object.entries(t.configs).map(([name, value]) => ({ name, value })),
        })),
      })
      .catch((error: { type?: string; errors?: Array<{ type?: string }> }) => {
        const all = error.errors ?? [error];
        if (!all.every((e) => e.type === 'TOPIC_ALREADY_EXISTS')) throw error;
      });
  }
  await waitForLeaders(
    admin,
    topics.map((t) => t.name),
  );
}

/**
 * Internal topics made by an earlier version may carry other settings (windowed changelogs were
 * once also trimmed by time): the runtime owns them, so it sets what the plan asks for.
 */
async function alignConfigs(admin: Admin, topics: readonly TopicRequirement[]): Promise<void> {
  if (topics.length === 0) return;
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((t) => ({ type: ConfigResourceTypes.TOPIC, name: t.name })),
  });
  const differing = topics.filter((topic) => {
    const entries = described.resources.find((r) => r.resourceName === topic.name)?.configEntries ?? [];
    return Object.entries(topic.configs).some(
      ([name, value]) => entries.find((e) => e.configName === name)?.configValue !== value,
    );
  });
  if (differing.length === 0) return;
  await admin.alterConfigs({
    validateOnly: false,
    resources: differing.map((t) => ({
      type: ConfigResourceTypes.TOPIC,
      name: t.name,
      configEntries: Object.entries(t.configs).map(([name, value]) => ({ name, value })),
    })),
  });
}

/** Topics just created (here or by another instance) need leaders before a consumer subscribes. */
async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = await admin
      .fetchTopicMetadata({ topics })
      .then((metadata) =>
        metadata.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)),
      )
      .catch(() => false);
    if (ready) return;
    if (Date.now() > deadline) {
      throw new StreamsError(
        'STREAMS_INTERNAL_TOPIC_INVALID',
        `topics have no leader after ${timeoutMs} ms: ${topics.join(', ')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
