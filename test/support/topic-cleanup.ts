import { testKafka } from './engine';

/**
 * Deletes every topic whose name starts with `prefix` (a test's own topics, and its apps'
 * changelog, repartition and late-record topics, which carry the same prefix). A full test run
 * creates thousands of partitions, and a broker keeps files open for each: left behind, they
 * exhaust its open-file limit. Best effort: a test never fails on its cleanup.
 */
export async function deleteTopicsWithPrefix(prefix: string): Promise<void> {
  if (!prefix.startsWith('test-')) return; // never a deployment's topics
  const admin = testKafka().admin();
  try {
    await admin.connect();
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
  } catch {
    // The broker may be down (a test of outages stops it): its topics go with the next run's.
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
