import { runKillScenario } from '../support/exactly-once-kill';
import { uniqueName } from '../support/isolation';
import { createWindowTable, readWindowTable } from '../support/postgres-window-sink';

describe('stream engine: an external sink through SIGKILL', () => {
  it.each([
    ['exactly_once', 1],
    ['at_least_once', 1],
    ['exactly_once', 2],
    ['at_least_once', 2],
  ] as const)(
    '%s, %i stream threads: the table written at commit equals the ground truth, every update versioned',
    async (guarantee, threads) => {
      const table = uniqueName('engine_sink_');
      await createWindowTable(table);
      const result = await runKillScenario({
        sinkTable: table,
        suppress: false,
        guarantee,
        ...(threads === 1 ? {} : { threads }),
      });
      expect(result.kills).toBe(3);
      const rows = await readWindowTable(table);
      // The sentinel that closes every window is counted too; it is not part of the truth.
      rows.delete([...rows.keys()].find((key) => key.startsWith('closing@'))!);
      expect(rows).toEqual(result.truth);
    },
  );
});
