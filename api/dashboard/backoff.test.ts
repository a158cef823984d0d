import { reconnectDelay } from './backoff';

describe('reconnectDelay', () => {
  it("waits the server's retry after a stream that ended normally", () => {
    expect(reconnectDelay(2_000, 0, null)).toBe(2_000);
  });

  it('doubles while attempts fail, from at least Retry-After, up to a minute', () => {
    expect([1, 2, 3, 4].map((failures) => reconnectDelay(2_000, failures, null))).toEqual([
      2_000, 4_000, 8_000, 16_000,
    ]);
    expect(reconnectDelay(2_000, 1, 5)).toBe(5_000);
    expect(reconnectDelay(2_000, 10, null)).toBe(60_000);
  });
});
