import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { type RedisScript, redisScript } from '../../platform/clients/redis-script';
import { AppError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';

/**
 * Takes a place for a stream when both its caller and its organization have one free: drops
 * places whose lease ran out (a replica that died), counts, adds. Answers 0 (taken), 1 (the
 * caller is at its cap) or 2 (the organization is).
 */
const ACQUIRE = `
local now = tonumber(ARGV[1])
for i = 1, 2 do redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now) end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 1 end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then return 2 end
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], now + tonumber(ARGV[2]), ARGV[3])
  redis.call('PEXPIRE', KEYS[i], ARGV[2])
end
return 0`;

/** How long a place is held without renewal: a few heartbeats, so a dead replica's places free up. */
export const LEASE_MS = 60_000;

export interface LiveSlotLimits {
  perPrincipal: number;
  perOrganization: number;
}

/** A place held for one open stream. */
export interface LiveSlot {
  /** Extends the lease (the stream's heartbeat calls it). */
  renew(): void;
  release(): void;
}

/**
 * Open `/live` streams counted per caller (user or API key) and per organization, in Redis so the
 * caps hold across replicas: each open stream holds a place with a lease, renewed while it lives
 * and given back when it ends. Over a cap the answer is 429 `RATE_LIMITED`. If Redis is
 * unreachable streams open uncounted (logged), as requests pass the rate limiter then.
 */
export class LiveSlots {
  private readonly acquireScript: RedisScript;
  private warned = false;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: LiveSlotLimits,
    private readonly logger: Logger,
  ) {
    this.acquireScript = redisScript(redis, ACQUIRE, 2);
  }

  /** A place for a stream of `caller` in `organizationId`, or RATE_LIMITED. */
  async acquire(caller: string, organizationId: string): Promise<LiveSlot> {
    const keys = [`${this.prefix}live:caller:${caller}`, `${this.prefix}live:org:${organizationId}`];
    const member = randomUUID();
    let outcome: number;
    try {
      outcome = Number(
        await this.acquireScript.run(keys, [
          Date.now(),
          LEASE_MS,
          member,
          this.limits.perPrincipal,
          this.limits.perOrganization,
        ]),
      );
      this.warned = false;
    } catch (error) {
      if (!this.warned)
        this.logger.warn({ err: (error as Error).message }, 'live streams uncounted: Redis unreachable');
      this.warned = true;
      return { renew: () => undefined, release: () => undefined };
    }
    if (outcome !== 0) {
      const [scope, limit] =
        outcome === 1 ? ['caller', this.limits.perPrincipal] : ['organization', this.limits.perOrganization];
      throw new AppError('RATE_LIMITED', `at most ${limit} open live streams per ${scope}; close one first`, {
        details: { limit, scope, retry_after_seconds: 5 },
      });
    }
    const each = (run: (key: string) => Promise<unknown>) =>
      void Promise.all(keys.map(run)).catch(() => undefined); // a lapse only frees the place early
    return {
      renew: () =>
        each(async (key) => {
          await this.redis.zadd(key, 'XX', Date.now() + LEASE_MS, member);
          await this.redis.pexpire(key, LEASE_MS);
        }),
      release: () => each((key) => this.redis.zrem(key, member)),
    };
  }
}
