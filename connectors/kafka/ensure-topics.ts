import type { Admin } from 'kafkajs';
import type { TopicSpec } from '../../schemas/topics';

/**
 * Creates the topics that are missing, with their configs; existing topics are left as they are
 * (partition counts never shrink, and changing them is an operator's decision).
 */
export async function ensureTopics(admin: Admin, specs: TopicSpec[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((spec) => !existing.has(spec.name));
  if (missing.length === 0) return [];
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((spec) => ({
      topic: spec.name,
      numPartitions: spec.partitions,
      configEntries: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
    })),
  });
  return missing.map((spec) => spec.name);
}
