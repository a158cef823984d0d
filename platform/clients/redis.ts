import { Redis } from 'ioredis';
import type { Config } from '../config';
import type { Metrics } from '../metrics';
import { timeRedis } from './storage-metrics';

export type { Redis };

/**
 * Fails fast when Redis is down (callers degrade, e.g. the query cache is skipped). With
 * `metrics`, every command is timed under `store` (storage-metrics.ts).
 */
export function createRedis(config: Config['redis'], metrics?: Metrics, store = 'redis'): Redis {
  const redis = new Redis(config.url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
    enableOfflineQueue: false,
    // Commands issued in the same tick share one write (and one syscall): many concurrent
    // requests each doing a lookup cost far less.
    enableAutoPipelining: true,
  });
  return metrics ? timeRedis(redis, metrics.storageCallSeconds, store) : redis;
}
