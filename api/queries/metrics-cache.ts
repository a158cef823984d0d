import type { Redis } from '../../platform/clients/redis';
import { type RedisScript, redisScript } from '../../platform/clients/redis-script';
import type { Logger } from '../../platform/logger';
import type { Metrics } from '../../platform/metrics';
import { WINDOW_UPDATES } from './live-updates';
import { RecentAnswers } from './recent-answers';

const TTL_SECONDS = 3600;

/** The channel's generation and the answer cached under it, in one round trip: {generation, answer}. */
const LOOKUP = `
local generation = redis.call('GET', KEYS[1]) or '0'
return {generation, redis.call('GET', ARGV[1] .. generation .. ':' .. ARGV[2])}`;

/**
 * Query answers cached in Redis for an hour. Each channel has a generation number that is bumped
 * whenever fresher windows land; it is part of every key, so a bump makes all of that channel's
 * cached answers unreachable at once (they expire on their own). Redis being down only costs
 * speed: lookups and writes fail open.
 *
 * The cache has a Redis of its own (`CACHE_REDIS_URL`), bounded by `maxmemory` with
 * `volatile-lru`: however many answers callers make it hold, it evicts them rather than fill the
 * Redis of sessions and rate limits, which never evicts. Answers carry a TTL, so they are what
 * gets evicted; generation counters carry none and stay, so an eviction can only cost a
 * recomputation, never bring back an answer older than the channel's latest data.
 */
export class MetricsCache {
  private readonly lookup: RedisScript;
  private readonly recent = new RecentAnswers();

  constructor(
    /** The cache's own Redis: generations and answers. */
    private readonly redis: Redis,
    /** The Redis whose pub/sub the live streams of every replica listen to. */
    private readonly publisher: Redis,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {
    this.lookup = redisScript(redis, LOOKUP, 1);
  }

  /** The cached bytes of an answer, or `compute`'s, which are cached; bytes so a hit is sent as they are. */
  async getOrCompute(channel: string, query: string, compute: () => Promise<string>): Promise<Buffer> {
    const askedAt = Date.now();
    const recent = this.recent.get(channel, query, askedAt);
    if (recent) {
      this.metrics.queryCache.inc({ result: 'hit_local' });
      return recent;
    }
    let key: string | undefined;
    try {
      const [generation, cached] = (await this.lookup.runBuffer(
        [generationKey(channel)],
        [answerPrefix(channel), query],
      )) as [Buffer, Buffer | null];
      if (cached !== null) {
        this.metrics.queryCache.inc({ result: 'hit' });
        this.recent.set(channel, query, cached, askedAt);
        return cached;
      }
      key = `${answerPrefix(channel)}${generation.toString()}:${query}`;
    } catch {
      key = undefined; // Redis down: answer from ClickHouse
    }
    this.metrics.queryCache.inc({ result: key ? 'miss' : 'error' });
    const value = Buffer.from(await compute());
    if (key) await this.redis.set(key, value, 'EX', TTL_SECONDS).catch(() => undefined);
    this.recent.set(channel, query, value, askedAt);
    return value;
  }

  /** Drops this process's recent answers about these channels: fresher data about them landed. */
  forgetRecent(channels: string[]): void {
    this.recent.forget(channels);
  }

  /** Makes every cached answer about these channels stale, and tells live listeners (any replica). */
  async invalidate(channels: string[]): Promise<void> {
    if (channels.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const channel of channels) pipeline.incr(generationKey(channel));
    await pipeline
      .exec()
      .catch((error: Error) => this.logger.warn({ err: error.message }, 'cache invalidation failed'));
    // After the bump: a lookup started from here on reads the new generation.
    this.recent.forget(channels);
    await this.publisher
      .publish(WINDOW_UPDATES, JSON.stringify(channels))
      .catch((error: Error) => this.logger.warn({ err: error.message }, 'window update not announced'));
  }
}

function generationKey(channel: string): string {
  return `sa:metrics:gen:${channel}`;
}

function answerPrefix(channel: string): string {
  return `sa:metrics:v2:${channel}:`; // v2: `<etag>\n<json>`
}
