// Guards the pending-request timer fix of ops/patches/kafkajs.js, applied at install: kafkajs schedules its
// pending-request check with a negative delay unless patched, and Node 24 warns about each one.
import RequestQueue from 'kafkajs/src/network/requestQueue';

describe("kafkajs's pending-request timer", () => {
  it('is never set with a negative delay (it was minus the time since 1970 when nothing was throttled)', () => {
    const delays: number[] = [];
    const setTimeoutSpy = jest.spyOn(global, 'setTimeout').mockImplementation(((
      _: () => void,
      ms?: number,
    ) => {
      delays.push(ms ?? 0);
      return 0 as unknown as NodeJS.Timeout;
    }) as typeof setTimeout);
    try {
      const logger = { debug: () => undefined, warn: () => undefined, error: () => undefined };
      const queue = new RequestQueue({
        maxInFlightRequests: null,
        requestTimeout: 30_000,
        enforceRequestTimeout: true,
        clientId: 'test',
        broker: 'localhost:9092',
        logger,
      });
      queue.scheduleCheckPendingRequests();
      expect(delays).toHaveLength(1);
      expect(delays[0]).toBeGreaterThan(0);
    } finally {
      setTimeoutSpy.mockRestore();
    }
  });
});
