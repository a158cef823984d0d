import type { Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { type RedisScript, redisScript } from '../../platform/clients/redis-script';
import { AppError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';

/** Count a hit and start the window on the first one, atomically: [hits, ms left in the window]. */
const HIT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {hits, redis.call('PTTL', KEYS[1])}`;

export interface RateLimitOptions {
  redis: Redis;
  prefix: string;
  windowSeconds: number;
  logger: Logger;
}

/**
 * Request limits in Redis, shared by every replica: a window per caller (user, API key, or the
 * client address for sign-in and sign-up) that starts with its first request. Every answer says
 * where the caller stands (`RateLimit-Limit`, `-Remaining`, `-Reset`); past the limit the answer
 * is 429 `RATE_LIMITED` with `Retry-After`. If Redis is unreachable requests pass, logged: the
 * limit protects capacity, and refusing everyone would be worse than a short lapse of it.
 */
export class RateLimiter {
  private warned = false;
  private readonly hit: RedisScript;

  constructor(private readonly options: RateLimitOptions) {
    this.hit = redisScript(options.redis, HIT, 1);
  }

  async check(subject: string, limit: number, res: Response): Promise<void> {
    let hits: number;
    let msLeft: number;
    try {
      const key = `${this.options.prefix}ratelimit:${subject}`;
      [hits, msLeft] = (await this.hit.run([key], [this.options.windowSeconds * 1000])) as [number, number];
      this.warned = false;
    } catch (error) {
      if (!this.warned)
        this.options.logger.warn({ err: (error as Error).message }, 'rate limiting off: Redis unreachable');
      this.warned = true;
      return;
    }
    const reset = Math.max(1, Math.ceil(msLeft / 1000));
    res.setHeader('RateLimit-Limit', String(limit));
    res.setHeader('RateLimit-Remaining', String(Math.max(0, limit - hits)));
    res.setHeader('RateLimit-Reset', String(reset));
    if (hits > limit) {
      throw new AppError(
        'RATE_LIMITED',
        `more than ${limit} requests in ${this.options.windowSeconds} s; retry in ${reset} s`,
        {
          details: { limit, retry_after_seconds: reset },
        },
      );
    }
  }
}

/** The client address for limits on anonymous routes (Express's `trust proxy` decides what that is). */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
