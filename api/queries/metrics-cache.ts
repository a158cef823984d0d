import type { Redis } from '../../platform/clients/redis';
import type { Logger } from '../../platform/logger';
import type { Metrics } from '../../platform/metrics';

const TTL_SECONDS = 3600;

/**
 * Query answers cached in Redis for an hour. Each channel has a generation number that is bumped
 * whenever fresher windows land; it is part of every key, so a bump makes all of that channel's
 * cached answers unreachable at once (they expire on their own). Redis being down only costs
 * speed: lookups and writes fail open.
 */
export class MetricsCache {
  constructor(
    private readonly redis: Redis,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {}

  async getOrCompute<T>(channel: string, query: string, compute: () => Promise<T>): Promise<T> {
    const key = await this.keyFor(channel, query);
    if (key) {
      const cached = await this.redis.get(key).catch(() => null);
      if (cached !== null) {
        this.metrics.queryCache.inc({ result: 'hit' });
        return JSON.parse(cached) as T;
      }
    }
    this.metrics.queryCache.inc({ result: key ? 'miss' : 'error' });
    const value = await compute();
    if (key) await this.redis.set(key, JSON.stringify(value), 'EX', TTL_SECONDS).catch(() => undefined);
    return value;
  }

  /** Makes every cached answer about these channels stale. */
  async invalidate(channels: string[]): Promise<void> {
    if (channels.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const channel of channels) pipeline.incr(generationKey(channel));
    await pipeline
      .exec()
      .catch((error: Error) => this.logger.warn({ err: error.message }, 'cache invalidation failed'));
  }

  private async keyFor(channel: string, query: string): Promise<string | undefined> {
    try {
      const generation = (await this.redis.get(generationKey(channel))) ?? '0';
      return `sa:metrics:v1:${channel}:${generation}:${query}`;
    } catch {
      return undefined;
    }
  }
}

function generationKey(channel: string): string {
  return `sa:metrics:gen:${channel}`;
}
