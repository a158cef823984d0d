import type { Admin } from 'kafkajs';
import { AppError } from '../../platform/errors';
import type { TopicSpec } from '../../schemas/topics';

/** How long new topics may take to be served by every partition's leader. */
const LEADERS_TIMEOUT_MS = 30_000;
/** What a broker answers for a topic the controller created but whose metadata it has not applied yet. */
const PROPAGATING = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/**
 * Creates the topics that are missing, with their configs; existing topics are left as they are
 * (partition counts never shrink, and changing them is an operator's decision). Resolves once every
 * partition of the created topics has a leader.
 */
export async function ensureTopics(admin: Admin, specs: TopicSpec[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((spec) => !existing.has(spec.name));
  if (missing.length === 0) return [];
  // kafkajs's own wait for leaders gives up at the first UNKNOWN_TOPIC_OR_PARTITION, which a KRaft
  // broker answers until it has applied the controller's new metadata (seconds under load).
  await admin.createTopics({
    waitForLeaders: false,
    topics: missing.map((spec) => ({
      topic: spec.name,
      numPartitions: spec.partitions,
      configEntries: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
    })),
  });
  await waitForLeaders(
    admin,
    missing.map((spec) => spec.name),
  );
  return missing.map((spec) => spec.name);
}

async function waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
  const deadline = Date.now() + LEADERS_TIMEOUT_MS;
  for (;;) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics });
      const led = metadata.topics.every(
        (topic) =>
          topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0),
      );
      if (led) return;
    } catch (error) {
      if (!isPropagating(error)) throw error;
    }
    if (Date.now() > deadline) {
      throw new AppError(
        'KAFKA_UNAVAILABLE',
        `topics ${topics.join(', ')} have no leader after ${LEADERS_TIMEOUT_MS / 1000} s`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The error, or the one kafkajs's retries gave up on, says the metadata has not reached the broker. */
function isPropagating(error: unknown): boolean {
  const { type, cause } = error as { type?: string; cause?: { type?: string } };
  return PROPAGATING.has(type ?? '') || PROPAGATING.has(cause?.type ?? '');
}
