import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { brokers } from './topic-reader';

const STACK = join(__dirname, '..', '..', 'ops', 'stack.sh');
const run = promisify(execFile);

/**
 * Stops or starts one component of the real local stack (the tests that exercise outages).
 * Asynchronous on purpose: a blocked event loop would let the app's idle keep-alive sockets and
 * the client's drift apart, and the next request would meet a socket closed under it.
 */
export async function stack(action: 'up' | 'down', component: string): Promise<void> {
  await run('bash', [STACK, action, component], { timeout: 180_000 });
  if (action === 'up' && component === 'kafka') await kafkaServesEveryPartition();
}

/**
 * A restarted broker answers before it has loaded every partition; the tests after an outage
 * need them all (a long-lived stack holds thousands of test topics). Waits until every
 * partition has a leader.
 */
async function kafkaServesEveryPartition(timeoutMs = 180_000): Promise<void> {
  const admin = new Kafka({ clientId: 'test-stack', brokers, logLevel: logLevel.NOTHING }).admin();
  const deadline = Date.now() + timeoutMs;
  try {
    await admin.connect();
    for (;;) {
      try {
        const topics = await admin.listTopics();
        const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
        if (
          metadata.every((topic) =>
            topic.partitions.every((p) => p.leader >= 0 && p.partitionErrorCode === 0),
          )
        )
          return;
      } catch {
        // not ready yet
      }
      if (Date.now() > deadline) throw new Error('Kafka did not serve every partition in time');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } finally {
    await admin.disconnect();
  }
}
