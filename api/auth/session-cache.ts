import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../../platform/logger';
import type { SessionRecord } from './sessions';

const TRUST_MS = 5_000;

/**
 * Live sessions seen in the last 5 s, per process, so a burst of requests asks Redis once. Every
 * change to a session or a membership (sign-out, sign-out everywhere, a role change, a removal) is
 * announced on a Redis pub/sub channel, and every replica drops what it holds of that session or
 * user when the message arrives; the replica that made the change drops it at once. The cache is
 * used only while the subscription stands: a subscriber that lost its connection may have missed
 * announcements, so until it has subscribed again every request asks Redis. A lookup that started
 * before an announcement is not kept.
 */
export class SessionCache {
  private readonly entries = new LRUCache<string, SessionRecord>({ max: 50_000, ttl: TRUST_MS });
  /** Bumped by every announcement heard: a lookup begun under an older one is not kept. */
  private generation = 0;
  private subscribed = false;
  private stopped = false;

  constructor(
    private readonly subscriber: Redis,
    readonly channel: string,
    private readonly logger: Logger,
  ) {
    subscriber.on('message', (from: string, message: string) => {
      if (from === this.channel) this.heard(message);
    });
    subscriber.on('close', () => this.lost());
    // Subscribed again after a reconnect (ioredis resubscribes too; this one is awaited).
    subscriber.on('ready', () => void this.subscribe());
    subscriber.on('error', (error: Error) =>
      this.logger.warn({ err: error.message }, 'session announcements subscriber error'),
    );
  }

  /** Connects and subscribes; until then (or if it fails) every lookup asks Redis. */
  async start(): Promise<void> {
    const { status } = this.subscriber;
    if (status === 'wait' || status === 'end') await this.subscriber.connect();
    else await this.subscribe();
  }

  stop(): void {
    this.stopped = true;
    this.lost();
    this.subscriber.disconnect();
  }

  get(sessionId: string): SessionRecord | undefined {
    return this.subscribed ? this.entries.get(sessionId) : undefined;
  }

  /** A mark to pass back to `keep`, taken before the lookup starts. */
  mark(): number {
    return this.generation;
  }

  /** Keeps a looked-up session, unless an announcement came since `mark`. */
  keep(sessionId: string, record: SessionRecord, mark: number): void {
    if (this.subscribed && mark === this.generation) this.entries.set(sessionId, record);
  }

  /** Drops a session here, at once (the caller announces it to the other replicas). */
  forgetSession(sessionId: string): void {
    this.heard(`s:${sessionId}`);
  }

  /** Drops every session of a user here, at once. */
  forgetUser(userId: string): void {
    this.heard(`u:${userId}`);
  }

  private heard(message: string): void {
    this.generation += 1;
    const id = message.slice(2);
    if (message.startsWith('s:')) this.entries.delete(id);
    else if (message.startsWith('u:')) {
      for (const [sessionId, record] of this.entries.entries())
        if (record.userId === id) this.entries.delete(sessionId);
    }
  }

  private async subscribe(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.subscriber.subscribe(this.channel);
      this.subscribed = true;
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'session announcements not subscribed');
    }
  }

  private lost(): void {
    this.subscribed = false;
    this.generation += 1;
    this.entries.clear();
  }
}
