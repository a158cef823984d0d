import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { AppError } from '../../platform/errors';
import { LRUCache } from 'lru-cache';

/** Whom a session belongs to. */
export interface SessionSubject {
  userId: string;
  organizationId: string;
}

export interface IssuedRefresh {
  sessionId: string;
  refreshToken: string;
}

const ALIVE_MS = 5_000;
const hash = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * Sessions and their rotating refresh tokens, in Redis. A session (a token family) lives while
 * `session:<id>` exists. Each refresh token is good once: using it marks it used and issues the
 * next; presenting a used one again means it was stolen (or replayed), so the whole family is
 * revoked. Logout revokes the family too. Tokens are stored only as hashes; every key expires on
 * its own after the refresh lifetime.
 */
export class Sessions {
  /** Sessions seen alive, and until when that answer is trusted without asking Redis again. */
  private readonly alive = new LRUCache<string, true>({ max: 50_000, ttl: ALIVE_MS });

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  async start(subject: SessionSubject): Promise<IssuedRefresh> {
    const sessionId = randomUUID();
    await this.redis.set(this.sessionKey(sessionId), JSON.stringify(subject), 'EX', this.ttlSeconds);
    return { sessionId, refreshToken: await this.issue(sessionId) };
  }

  /** Spends a refresh token: the session's subject and the next refresh token. */
  async rotate(refreshToken: string): Promise<SessionSubject & IssuedRefresh> {
    const tokenKey = this.tokenKey(refreshToken);
    const sessionId = await this.redis.get(tokenKey);
    if (sessionId === null) throw new AppError('TOKEN_INVALID', 'the refresh token is not valid');
    const first = await this.redis.set(`${tokenKey}:used`, '1', 'EX', this.ttlSeconds, 'NX');
    if (first === null) {
      await this.revoke(sessionId);
      throw new AppError('REFRESH_TOKEN_REUSED', 'the refresh token was used before; the session is revoked');
    }
    const subject = await this.redis.get(this.sessionKey(sessionId));
    if (subject === null) throw new AppError('TOKEN_INVALID', 'the session has ended');
    await this.redis.expire(this.sessionKey(sessionId), this.ttlSeconds);
    return {
      ...(JSON.parse(subject) as SessionSubject),
      sessionId,
      refreshToken: await this.issue(sessionId),
    };
  }

  /** Ends a session: its access tokens stop working and its refresh tokens are refused. */
  async revoke(sessionId: string): Promise<void> {
    this.alive.delete(sessionId);
    await this.redis.del(this.sessionKey(sessionId));
  }

  /**
   * Whether the session still lives. A live answer is trusted for 5 s, so a burst of requests asks
   * Redis once; a session ended in this process is forgotten at once, one ended through another
   * replica within 5 s.
   */
  async isActive(sessionId: string): Promise<boolean> {
    if (this.alive.get(sessionId)) return true;
    const active = (await this.redis.exists(this.sessionKey(sessionId))) === 1;
    if (active) this.alive.set(sessionId, true);
    else this.alive.delete(sessionId);
    return active;
  }

  private async issue(sessionId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.redis.set(this.tokenKey(token), sessionId, 'EX', this.ttlSeconds);
    return token;
  }

  private sessionKey(sessionId: string): string {
    return `${this.prefix}session:${sessionId}`;
  }

  private tokenKey(token: string): string {
    return `${this.prefix}refresh:${hash(token)}`;
  }
}
