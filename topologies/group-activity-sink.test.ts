import type { GroupActivitySink } from '../connectors/clickhouse/group-activity-sink';
import { AppError } from '../platform/errors';
import type { GroupMemberDay } from '../schemas/group-activity-records';
import { clickhouseGroupActivitySinks } from './group-activity-sink';

const context = { applicationId: 'app', taskId: '0_0', partition: 0 };
const row: GroupMemberDay = {
  source: 'telegram',
  group_id: '-1009',
  member_id: '1',
  day: 0,
  messages: 1,
  joins: 0,
  leaves: 0,
};

describe('clickhouseGroupActivitySinks', () => {
  it("writes each row under the engine's version", async () => {
    const written: unknown[] = [];
    const sink = { writeMembers: async (rows: unknown[]) => void written.push(...rows) };
    const { members } = clickhouseGroupActivitySinks(sink as unknown as GroupActivitySink);
    await members.write([{ key: 'telegram:-1009', value: row, timestamp: 0, version: 42n }], context);
    expect(written).toEqual([expect.objectContaining({ value: row, version: 42n })]);
  });

  it('reports a failed write as CLICKHOUSE_UNAVAILABLE, retriable, so the engine retries and replays', async () => {
    const sink = { writeGroups: async () => Promise.reject(new Error('connect ECONNREFUSED')) };
    const { groups } = clickhouseGroupActivitySinks(sink as unknown as GroupActivitySink);
    const failure = groups.write([], context);
    await expect(failure).rejects.toBeInstanceOf(AppError);
    await expect(failure).rejects.toMatchObject({ code: 'CLICKHOUSE_UNAVAILABLE', retriable: true });
  });
});
