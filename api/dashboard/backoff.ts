/** How long the live stream waits before connecting again: pure, so it is tested. */

/** The longest wait between attempts while the server keeps refusing or cannot be reached. */
const MAX_BACKOFF_MS = 60_000;

/**
 * The wait before attempt `failures + 1`: the server's `retry:` after a stream that ended
 * normally, then doubling (at least its Retry-After) while attempts keep failing, so a server at
 * its stream limit or down is not asked every two seconds by every open page.
 */
export function reconnectDelay(retryMs: number, failures: number, retryAfterSeconds: number | null): number {
  if (failures === 0) return retryMs;
  const base = Math.max(retryMs, (retryAfterSeconds ?? 0) * 1000);
  return Math.min(MAX_BACKOFF_MS, base * 2 ** (failures - 1));
}
