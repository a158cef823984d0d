/**
 * Wraps a client's `connect()` so every caller shares one attempt, and a failed attempt is
 * forgotten, so the next caller tries again (a dependency that was down at start-up comes back).
 */
export function connectOnce(connect: () => Promise<void>): {
  ensure: () => Promise<void>;
  reset: () => void;
} {
  let connected: Promise<void> | undefined;
  return {
    ensure() {
      if (!connected) {
        connected = connect();
        connected.catch(() => (connected = undefined));
      }
      return connected;
    },
    reset() {
      connected = undefined;
    },
  };
}
