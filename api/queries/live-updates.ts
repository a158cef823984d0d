import type { Redis } from 'ioredis';
import type { Logger } from '../../platform/logger';

/** The Redis pub/sub channel on which processors announce channels with fresher windows. */
export const WINDOW_UPDATES = 'sa:metrics:updates';

type Listener = () => void;

/**
 * Fans window updates out to the API's live listeners: one Redis subscription per process
 * (whichever replica's processors sunk the windows), one listener per open `/live` stream.
 */
export class LiveUpdates {
  private readonly listeners = new Map<string, Set<Listener>>();
  private started: Promise<unknown> | undefined;

  constructor(
    private readonly subscriber: Redis,
    private readonly logger: Logger,
  ) {
    subscriber.on('message', (_channel: string, message: string) => this.deliver(message));
    // A subscriber reconnects on its own; errors are logged, not thrown into the process.
    subscriber.on('error', (error: Error) =>
      this.logger.warn({ err: error.message }, 'live updates subscriber error'),
    );
  }

  /** Calls `listener` whenever `channel` (a channel key) gets fresher windows; returns the way to stop. */
  async listen(channel: string, listener: Listener): Promise<() => void> {
    this.started ??= this.subscriber.connect().then(() => this.subscriber.subscribe(WINDOW_UPDATES));
    await this.started;
    const set = this.listeners.get(channel) ?? new Set();
    set.add(listener);
    this.listeners.set(channel, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(channel);
    };
  }

  async stop(): Promise<void> {
    this.listeners.clear();
    this.subscriber.disconnect();
  }

  private deliver(message: string): void {
    let channels: unknown;
    try {
      channels = JSON.parse(message);
    } catch {
      return;
    }
    if (!Array.isArray(channels)) return;
    for (const channel of channels) {
      for (const listener of this.listeners.get(String(channel)) ?? []) listener();
    }
  }
}
