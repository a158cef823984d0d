import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { Redis } from 'ioredis';
import { type RedisScript, redisScript } from '../../platform/clients/redis-script';
import { AppError } from '../../platform/errors';

/**
 * Count a failure; from the `free`-th on, block for base × 2^(failures − free) capped at max. The
 * count lives a window past the block, so failures that keep coming keep doubling it. → block ms.
 */
const FAIL = `
local failures = redis.call('INCR', KEYS[1])
local block = 0
if failures >= tonumber(ARGV[2]) then
  block = math.floor(math.min(tonumber(ARGV[3]) * 2 ^ (failures - tonumber(ARGV[2])), tonumber(ARGV[4])))
  redis.call('SET', KEYS[2], failures, 'PX', block)
end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]) + block)
return block`;
/** The ms left of the longer of two blocks (0 when neither is on). */
const BLOCKED = `
local a = redis.call('PTTL', KEYS[1])
local b = redis.call('PTTL', KEYS[2])
return math.max(a, b, 0)`;

/** When failures start blocking, and how the block grows. */
export interface BackoffPolicy {
  /** The failure that starts the first block (the ones before it are free). */
  free: number;
  firstBlockSeconds: number;
  maxBlockSeconds: number;
  /** How long a failure is remembered after the last one (and its block). */
  windowSeconds: number;
}

/** Five failures per account, ten per address, in 15 minutes; blocks of 30 s doubling to 15 min. */
export const SIGN_IN_BACKOFF: { account: BackoffPolicy; address: BackoffPolicy } = {
  account: { free: 5, firstBlockSeconds: 30, maxBlockSeconds: 900, windowSeconds: 900 },
  address: { free: 10, firstBlockSeconds: 30, maxBlockSeconds: 900, windowSeconds: 900 },
};

type Scope = keyof typeof SIGN_IN_BACKOFF;

/**
 * Failed password checks per account (the email, known or not, so the limit tells nothing about
 * which exist) and per client address, in Redis for every replica. While either is blocked a
 * sign-in is refused with 429 RATE_LIMITED and Retry-After before the password is checked, so a
 * guesser learns nothing and costs no scrypt; each further failure doubles the block. A success
 * clears the account's count (not the address's: one good password must not reset a stuffing run).
 */
export class SignInLimiter {
  private readonly fail: RedisScript;
  private readonly blocked: RedisScript;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly policy = SIGN_IN_BACKOFF,
  ) {
    this.fail = redisScript(redis, FAIL, 2);
    this.blocked = redisScript(redis, BLOCKED, 2);
  }

  /** RATE_LIMITED while the account or the address is blocked. */
  async refuseIfBlocked(email: string, address: string): Promise<void> {
    const ms = Number(
      await this.blocked.run(
        [this.key('block', 'account', email), this.key('block', 'address', address)],
        [],
      ),
    );
    if (ms > 0) throw limited(ms);
  }

  /** Counts a failed password check of the account from the address. */
  async failed(email: string, address: string): Promise<void> {
    await Promise.all([this.count('account', email), this.count('address', address)]);
  }

  /** A correct password: the account's failures are forgiven (a reset proves the owner too). */
  async succeeded(email: string): Promise<void> {
    await this.redis.del(this.key('failures', 'account', email), this.key('block', 'account', email));
  }

  /**
   * Runs a password check under the limits: refused while blocked, counted when it throws
   * INVALID_CREDENTIALS, forgiven when it passes.
   */
  async guard<T>(email: string, address: string, check: () => Promise<T>): Promise<T> {
    await this.refuseIfBlocked(email, address);
    try {
      const result = await check();
      await this.succeeded(email);
      return result;
    } catch (error) {
      if (error instanceof AppError && error.code === 'INVALID_CREDENTIALS')
        await this.failed(email, address);
      throw error;
    }
  }

  private async count(scope: Scope, subject: string): Promise<void> {
    const { free, firstBlockSeconds, maxBlockSeconds, windowSeconds } = this.policy[scope];
    await this.fail.run(
      [this.key('failures', scope, subject), this.key('block', scope, subject)],
      [windowSeconds * 1000, free, firstBlockSeconds * 1000, maxBlockSeconds * 1000],
    );
  }

  /** Emails are hashed: Redis keys never hold an address book of who tried to sign in. */
  private key(kind: 'failures' | 'block', scope: Scope, subject: string): string {
    const id =
      scope === 'account'
        ? createHash('sha256').update(subject.toLowerCase()).digest('base64url')
        : addressBlock(subject);
    return `${this.prefix}sign-in-${kind}:${scope}:${id}`;
  }
}

/**
 * What a per-address limit counts: an IPv4 address as it is, an IPv6 address by its /64 (one
 * subscriber's usual allocation: a guesser holding one would otherwise have 2^64 fresh addresses).
 */
export function addressBlock(address: string): string {
  const ip = address.replace(/%.*$/, ''); // a zone id (fe80::1%eth0) names an interface, not a host
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail] = ip.split('::');
  const groups = (part: string) =>
    part ? part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : [];
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${all
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

function limited(ms: number): AppError {
  const retryAfter = Math.max(1, Math.ceil(ms / 1000));
  return new AppError('RATE_LIMITED', `too many failed sign-ins; retry in ${retryAfter} s`, {
    details: { retry_after_seconds: retryAfter },
  });
}
