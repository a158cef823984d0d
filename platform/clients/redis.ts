import { Redis } from 'ioredis';
import type { Config } from '../config';

export type { Redis };

/** Fails fast when Redis is down (callers degrade, e.g. the query cache is skipped). */
export function createRedis(config: Config['redis']): Redis {
  return new Redis(config.url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
    enableOfflineQueue: false,
    // Commands issued in the same tick share one write (and one syscall): many concurrent
    // requests each doing a lookup cost far less.
    enableAutoPipelining: true,
  });
}
