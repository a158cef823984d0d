import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { type RedisScript, redisScript } from '../../platform/clients/redis-script';
import { AppError } from '../../platform/errors';
import type { Role } from './permissions';
import type { SessionCache } from './session-cache';

/** Whom a session belongs to, and the role it was started with. */
export interface SessionSubject {
  userId: string;
  organizationId: string;
  /** Unknown for a session started without it: read from the membership on first use. */
  role?: Role;
}

/** What Redis records of a session: its subject and the membership version its role was read at. */
export interface SessionRecord extends SessionSubject {
  /** 0 until the membership's version is known: older than any announced change. */
  roleVersion: number;
}

export interface IssuedRefresh {
  sessionId: string;
  refreshToken: string;
}

/** A live session as one request finds it: its record, and whether its role must be read again. */
export interface LiveSession {
  record: SessionRecord;
  /** A change of the membership was announced after the session's role was read. */
  stale: boolean;
}

const hash = (token: string) => createHash('sha256').update(token).digest('base64url');

/** The pub/sub channel on which session and membership changes are announced to every replica. */
export const sessionChangesChannel = (prefix: string) => `${prefix}session-changes`;

/**
 * Ends the sessions listed in a user's index (KEYS[1]): all of them, or only those in the
 * organization ARGV[2]. Ids whose session expired on its own are dropped from the index. The
 * session keys are derived from the prefix (ARGV[1]): one Redis, not a cluster, holds them.
 */
const END_SESSIONS = `
local ended = 0
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local key = ARGV[1] .. id
  local record = redis.call('GET', key)
  if not record then
    redis.call('ZREM', KEYS[1], id)
  elseif ARGV[2] == '' or cjson.decode(record).organizationId == ARGV[2] then
    redis.call('DEL', key)
    redis.call('ZREM', KEYS[1], id)
    ended = ended + 1
  end
end
return ended`;

/**
 * Sessions and their rotating refresh tokens, in Redis. A session (a token family) lives while
 * `session:<id>` exists; it records its user, organization, role and the membership version the
 * role was read at, and every request checks its access token's claims against it. Each refresh
 * token is good once: using it marks it used and issues the next; presenting a used one again
 * means it was stolen (or replayed), so the whole family is revoked. Each user's sessions are
 * indexed, so all of them end at once (sign out everywhere, a password change, a removal). A
 * change of a membership is announced under `member-version:<org>:<user>`; a session whose role
 * is older reads the membership again. Tokens are stored only as hashes; every key expires.
 * With a `SessionCache`, live sessions are trusted for a few seconds per process; every change is
 * announced so that each replica's cache drops it.
 */
export class Sessions {
  private readonly endSessions: RedisScript;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
    private readonly cache?: SessionCache,
  ) {
    this.endSessions = redisScript(redis, END_SESSIONS, 1);
  }

  async start(subject: SessionSubject): Promise<IssuedRefresh> {
    const sessionId = randomUUID();
    const record: SessionRecord = { ...subject, roleVersion: 0 };
    await this.redis
      .multi()
      .set(this.sessionKey(sessionId), JSON.stringify(record), 'EX', this.ttlSeconds)
      .zadd(this.indexKey(subject.userId), Date.now() + this.ttlSeconds * 1000, sessionId)
      .zremrangebyscore(this.indexKey(subject.userId), '-inf', Date.now())
      .expire(this.indexKey(subject.userId), this.ttlSeconds)
      .exec();
    return { sessionId, refreshToken: await this.issue(sessionId) };
  }

  /** Spends a refresh token: the session's subject and the next refresh token. */
  async rotate(refreshToken: string): Promise<SessionRecord & IssuedRefresh> {
    const tokenKey = this.tokenKey(refreshToken);
    const sessionId = await this.redis.get(tokenKey);
    if (sessionId === null) throw new AppError('TOKEN_INVALID', 'the refresh token is not valid');
    const first = await this.redis.set(`${tokenKey}:used`, '1', 'EX', this.ttlSeconds, 'NX');
    if (first === null) {
      await this.revoke(sessionId);
      throw new AppError('REFRESH_TOKEN_REUSED', 'the refresh token was used before; the session is revoked');
    }
    const stored = await this.redis.get(this.sessionKey(sessionId));
    if (stored === null) throw new AppError('TOKEN_INVALID', 'the session has ended');
    const record = parseRecord(stored);
    await this.redis
      .multi()
      .expire(this.sessionKey(sessionId), this.ttlSeconds)
      .zadd(this.indexKey(record.userId), Date.now() + this.ttlSeconds * 1000, sessionId)
      .expire(this.indexKey(record.userId), this.ttlSeconds)
      .exec();
    return { ...record, sessionId, refreshToken: await this.issue(sessionId) };
  }

  /**
   * The session an access token names, checked against the token's user and organization:
   * TOKEN_INVALID when it has ended or belongs to someone else (a token forged with a leaked key).
   * One round trip: the session and its membership's announced version together.
   */
  async live(sessionId: string, claims: { userId: string; organizationId: string }): Promise<LiveSession> {
    const cached = this.cache?.get(sessionId);
    if (cached) return { record: matching(cached, claims), stale: false };
    const mark = this.cache?.mark() ?? 0;
    const [stored, announced] = await this.redis.mget(
      this.sessionKey(sessionId),
      this.versionKey(claims.organizationId, claims.userId),
    );
    if (stored === null || stored === undefined)
      throw new AppError('TOKEN_INVALID', 'the session of this access token has ended');
    const record = matching(parseRecord(stored), claims);
    const stale = record.role === undefined || (announced != null && record.roleVersion < Number(announced));
    if (!stale) this.cache?.keep(sessionId, record, mark);
    return { record, stale };
  }

  /** Records the role read again for a live session; never brings back one ended meanwhile. */
  async rebind(sessionId: string, record: SessionRecord): Promise<void> {
    await this.redis.set(this.sessionKey(sessionId), JSON.stringify(record), 'KEEPTTL', 'XX');
  }

  /**
   * Announces a new version of a membership (its role changed, or it ended): every session of it
   * reads the membership again on its next request, on any replica. Kept as long as a session
   * that read an older version may live.
   */
  async announceMembershipChange(organizationId: string, userId: string, version: number): Promise<void> {
    await this.redis.set(
      this.versionKey(organizationId, userId),
      String(version),
      'EX',
      this.ttlSeconds + 60,
    );
    await this.announce(`u:${userId}`);
  }

  /** Ends a session: its access tokens stop working and its refresh tokens are refused. */
  async revoke(sessionId: string): Promise<void> {
    await this.redis.del(this.sessionKey(sessionId));
    await this.announce(`s:${sessionId}`);
  }

  /**
   * Ends every session of a user (sign out everywhere, a password change or reset): their access
   * tokens stop on the next request and their refresh tokens are refused. The number ended.
   */
  async revokeAllSessionsOfUser(userId: string): Promise<number> {
    return this.endSessionsOf(userId, '');
  }

  /** Ends a user's sessions in one organization (the user was removed from it). */
  async revokeSessionsInOrganization(userId: string, organizationId: string): Promise<number> {
    return this.endSessionsOf(userId, organizationId);
  }

  private async endSessionsOf(userId: string, organizationId: string): Promise<number> {
    const keys = [this.indexKey(userId)];
    const ended = (await this.endSessions.run(keys, [this.sessionKey(''), organizationId])) as number;
    await this.announce(`u:${userId}`);
    return ended;
  }

  /** Drops the session (`s:<id>`) or user (`u:<id>`) from this process's cache, then every replica's. */
  private async announce(message: string): Promise<void> {
    if (message.startsWith('s:')) this.cache?.forgetSession(message.slice(2));
    else this.cache?.forgetUser(message.slice(2));
    await this.redis.publish(sessionChangesChannel(this.prefix), message);
  }

  private async issue(sessionId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.redis.set(this.tokenKey(token), sessionId, 'EX', this.ttlSeconds);
    return token;
  }

  private sessionKey(sessionId: string): string {
    return `${this.prefix}session:${sessionId}`;
  }

  private indexKey(userId: string): string {
    return `${this.prefix}user-sessions:${userId}`;
  }

  private versionKey(organizationId: string, userId: string): string {
    return `${this.prefix}member-version:${organizationId}:${userId}`;
  }

  private tokenKey(token: string): string {
    return `${this.prefix}refresh:${hash(token)}`;
  }
}

/** The record, when it belongs to the token's user and organization (else a forgery: TOKEN_INVALID). */
function matching(record: SessionRecord, claims: { userId: string; organizationId: string }): SessionRecord {
  if (record.userId !== claims.userId || record.organizationId !== claims.organizationId)
    throw new AppError('TOKEN_INVALID', 'the access token does not match its session');
  return record;
}

/** A stored record; sessions started before roles were recorded have neither role nor version. */
function parseRecord(stored: string): SessionRecord {
  const parsed = JSON.parse(stored) as Partial<SessionRecord> & { userId: string; organizationId: string };
  return { ...parsed, roleVersion: parsed.roleVersion ?? 0 };
}
