import type { Redis } from 'ioredis';
import { type RedisScript, redisScript } from '../../platform/clients/redis-script';
import { AppError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';

/** Count a failure, starting the window on the first: [failures, ms left in the window]. */
const RECORD = `
local failures = redis.call('INCR', KEYS[1])
if failures == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {failures, redis.call('PTTL', KEYS[1])}`;
/** Failures so far and ms left: [0, 0] when there is no window. */
const PEEK = `
local failures = tonumber(redis.call('GET', KEYS[1]) or '0')
return {failures, redis.call('PTTL', KEYS[1])}`;

export interface FailedAttemptsOptions {
  redis: Redis;
  prefix: string;
  /** Failures an address may have in a window; past them it is answered 429. */
  limit: number;
  windowSeconds: number;
  logger: Logger;
}

/**
 * Failed API-key and access-token attempts per client address, in Redis (every replica counts
 * together): once an address has failed `limit` times in its window, API keys from it are
 * refused with 429 RATE_LIMITED before any PostgreSQL query, and its failing tokens get 429 too.
 * A valid access token keeps working (checking it costs no query): a shared address is not locked
 * out by a neighbour. If Redis is unreachable attempts pass, logged, as with the request limits.
 */
export class FailedAttempts {
  private readonly record: RedisScript;
  private readonly peek: RedisScript;
  private warned = false;

  constructor(private readonly options: FailedAttemptsOptions) {
    this.record = redisScript(options.redis, RECORD, 1);
    this.peek = redisScript(options.redis, PEEK, 1);
  }

  /** RATE_LIMITED when the address has used up its failures. */
  async refuseIfBlocked(address: string): Promise<void> {
    const counted = await this.run(this.peek, address);
    if (counted && counted[0] >= this.options.limit) throw this.limited(counted[1]);
  }

  /** Counts a failure of the address; RATE_LIMITED once it is past the limit. */
  async failed(address: string): Promise<void> {
    const counted = await this.run(this.record, address);
    if (counted && counted[0] > this.options.limit) throw this.limited(counted[1]);
  }

  private async run(script: RedisScript, address: string): Promise<[number, number] | undefined> {
    try {
      const key = `${this.options.prefix}auth-failures:${address}`;
      const counted = (await script.run([key], [this.options.windowSeconds * 1000])) as [number, number];
      this.warned = false;
      return counted;
    } catch (error) {
      if (!this.warned)
        this.options.logger.warn(
          { err: (error as Error).message },
          'failed-attempt limit off: Redis unreachable',
        );
      this.warned = true;
      return undefined;
    }
  }

  private limited(msLeft: number): AppError {
    const retryAfter = Math.max(1, Math.ceil(msLeft / 1000));
    return new AppError(
      'RATE_LIMITED',
      `too many failed API-key or token attempts from this address; retry in ${retryAfter} s`,
      { details: { limit: this.options.limit, retry_after_seconds: retryAfter } },
    );
  }
}
