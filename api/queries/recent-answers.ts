/**
 * Answers this process gave in the last second, by channel: a hot question asked many times a
 * second is answered without a Redis round trip. A second is the most an answer can lag behind
 * Redis; fresher data about a channel drops its entries at once wherever this process hears of it
 * (its own processors, or the `sa:metrics:updates` announcements of any replica's).
 */
export class RecentAnswers {
  private readonly byChannel = new Map<string, Map<string, { value: Buffer; until: number }>>();
  /** When each channel was last forgotten: an answer looked up before then is already stale. */
  private readonly forgottenAt = new Map<string, number>();
  private size = 0;

  constructor(
    private readonly ttlMs = 1000,
    private readonly maxEntries = 5000,
  ) {}

  get(channel: string, query: string, now = Date.now()): Buffer | undefined {
    const entry = this.byChannel.get(channel)?.get(query);
    return entry && entry.until > now ? entry.value : undefined;
  }

  /** Keeps an answer looked up at `askedAt`, unless fresher data about the channel was heard since. */
  set(channel: string, query: string, value: Buffer, askedAt: number, now = Date.now()): void {
    if ((this.forgottenAt.get(channel) ?? -Infinity) >= askedAt) return;
    // Bounded bluntly: past the limit everything goes, which costs one Redis round trip each.
    if (this.size >= this.maxEntries) this.clear();
    const answers = this.byChannel.get(channel) ?? new Map<string, { value: Buffer; until: number }>();
    if (!answers.has(query)) this.size += 1;
    answers.set(query, { value, until: now + this.ttlMs });
    this.byChannel.set(channel, answers);
  }

  forget(channels: Iterable<string>, now = Date.now()): void {
    for (const channel of channels) {
      this.forgottenAt.set(channel, now);
      this.size -= this.byChannel.get(channel)?.size ?? 0;
      this.byChannel.delete(channel);
    }
  }

  private clear(): void {
    this.byChannel.clear();
    this.forgottenAt.clear();
    this.size = 0;
  }
}
