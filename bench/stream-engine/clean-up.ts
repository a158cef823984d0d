import type { Admin } from 'kafkajs';

/**
 * Deletes what a run left on the broker: every topic whose name carries the run id (its input and
 * outputs, and what the contenders made for themselves: changelogs named after their application
 * id, dead-letter topics named after the input), and the contenders' consumer groups. Best effort.
 */
export async function cleanUp(admin: Admin, runId: string, groups: string[]): Promise<void> {
  const topics = (await admin.listTopics()).filter((topic) => topic.includes(runId));
  await admin.deleteTopics({ topics }).catch((error: unknown) => {
    process.stderr.write(`clean-up: topics not deleted: ${String(error)}\n`);
  });
  if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
}
