import { runKillScenario } from '../support/exactly-once-kill';

describe('stream engine: exactly-once through SIGKILL', () => {
  it.each([1, 2])(
    'emits every final window once, equal to the ground truth, although the app is killed mid-stream (%i stream threads)',
    async (threads) => {
      const result = await runKillScenario(threads === 1 ? {} : { threads });
      expect(result.kills).toBe(3);
      expect(result.emitted).toEqual(result.truth);
      // No duplicates: exactly one final record per window.
      expect(result.records).toBe(result.truth.size);
    },
  );
});
