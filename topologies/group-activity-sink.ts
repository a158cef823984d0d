import { toAppError } from '../platform/errors';
import type { ExternalSink, SinkRecord } from './engine';
import type { GroupActivitySinks } from './group-activity';
import type { ProcessorTables } from './sink-ports';

/**
 * The group-activity tables in ClickHouse, written at each commit of the task that emitted the
 * rows, each row under the engine's version, so a replay writes the same rows again and the newest
 * state of each window wins. A failed write is retriable (CLICKHOUSE_UNAVAILABLE): the engine
 * retries, then replays the task from its committed offsets.
 */
export function clickhouseGroupActivitySinks(sink: ProcessorTables['groups']): GroupActivitySinks {
  return {
    members: versioned((rows) => sink.writeMembers(rows)),
    groups: versioned((rows) => sink.writeGroups(rows)),
  };
}

function versioned<V>(
  write: (rows: readonly SinkRecord<string, V>[]) => Promise<void>,
): ExternalSink<string, V> {
  return {
    write: async (records: readonly SinkRecord<string, V>[]) => {
      await write(records).catch((error: unknown) => {
        throw toAppError(error, 'CLICKHOUSE_UNAVAILABLE');
      });
    },
  };
}
