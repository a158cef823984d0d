import type { Redis } from 'ioredis';
import type { Logger } from '../../platform/logger';

/** The Redis pub/sub channel on which processors announce channels with fresher windows. */
export const WINDOW_UPDATES = 'sa:metrics:updates';

type Listener = () => void;

interface Subscription {
  onUpdate: Listener;
  /** Ends the stream when the process stops. */
  onShutdown: () => void;
}

/**
 * Fans window updates out to the API's live listeners: one Redis subscription per process
 * (whichever replica's processors sunk the windows), one listener per open `/live` stream.
 */
export class LiveUpdates {
  private readonly listeners = new Map<string, Set<Subscription>>();
  private started: Promise<unknown> | undefined;

  constructor(
    private readonly subscriber: Redis,
    private readonly logger: Logger,
    /** Told first of every announcement (the answer cache drops what it holds about the channels). */
    private readonly onAnnounced: (channels: string[]) => void = () => undefined,
  ) {
    subscriber.on('message', (_channel: string, message: string) => this.deliver(message));
    // A subscriber reconnects on its own; errors are logged, not thrown into the process.
    subscriber.on('error', (error: Error) =>
      this.logger.warn({ err: error.message }, 'live updates subscriber error'),
    );
  }

  /**
   * Calls `onUpdate` whenever `channel` (a channel key) gets fresher windows, and `onShutdown` if
   * the process stops first; resolves with the way to stop listening.
   */
  async listen(channel: string, onUpdate: Listener, onShutdown: () => void): Promise<() => void> {
    const listener: Subscription = { onUpdate, onShutdown };
    await this.start();
    const set = this.listeners.get(channel) ?? new Set();
    set.add(listener);
    this.listeners.set(channel, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(channel);
    };
  }

  /**
   * Subscribes, once; a failed attempt (Redis down) is forgotten, so the next call tries again
   * instead of every later stream failing on the same old error.
   */
  start(): Promise<unknown> {
    const { status } = this.subscriber;
    // ioredis reconnects on its own once connected; connect() again would be refused.
    const connected = status === 'wait' || status === 'end' ? this.subscriber.connect() : Promise.resolve();
    this.started ??= connected
      .then(() => this.subscriber.subscribe(WINDOW_UPDATES))
      .catch((error: unknown) => {
        this.started = undefined;
        throw error;
      });
    return this.started;
  }

  /** Ends every open stream (so the HTTP server can close) and the subscription. */
  stop(): void {
    const all = [...this.listeners.values()].flatMap((set) => [...set]);
    this.listeners.clear();
    for (const listener of all) listener.onShutdown();
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
    this.onAnnounced(channels.map(String));
    for (const channel of channels) {
      for (const listener of this.listeners.get(String(channel)) ?? []) listener.onUpdate();
    }
  }
}
