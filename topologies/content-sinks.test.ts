import { AppError } from '../platform/errors';
import type { ProcessorTables } from './sink-ports';
import { clickhouseGroupActivitySinks, clickhouseWindowSinks } from './content-sinks';

const context = { applicationId: 'app', taskId: '0_0', partition: 0 };
const refused = async () => Promise.reject(new Error('connect ECONNREFUSED'));

describe('the content app ClickHouse sinks', () => {
  it('report a failed write as CLICKHOUSE_UNAVAILABLE, retriable, so the engine retries and replays', async () => {
    const groups: ProcessorTables['groups'] = {
      writeMembers: refused,
      writeReplies: refused,
      writeGroups: refused,
    };
    const windows: ProcessorTables['windows'] = { writeActivity: refused, writeAudience: refused };
    const sinks = [
      clickhouseGroupActivitySinks(groups).groups,
      clickhouseGroupActivitySinks(groups).members,
      clickhouseGroupActivitySinks(groups).replies,
      clickhouseWindowSinks(windows).activity,
      clickhouseWindowSinks(windows).audience,
    ];
    for (const sink of sinks) {
      const failure = sink.write([], context);
      await expect(failure).rejects.toBeInstanceOf(AppError);
      await expect(failure).rejects.toMatchObject({ code: 'CLICKHOUSE_UNAVAILABLE', retriable: true });
    }
  });
});
