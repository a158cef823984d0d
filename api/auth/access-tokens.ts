import { SignJWT, errors, jwtVerify, type JWTHeaderParameters } from 'jose';
import { AppError } from '../../platform/errors';
import { ROLES, type Role } from './permissions';
import { LRUCache } from 'lru-cache';

export interface SigningKey {
  kid: string;
  secret: string;
}

/** Who an access token speaks for: one user, in one organization, with one role, in one session. */
export interface AccessClaims {
  userId: string;
  organizationId: string;
  role: Role;
  sessionId: string;
}

const ISSUER = 'social-analytics';
const AUDIENCE = 'social-analytics-api';
/** Verified tokens are remembered this long, so a burst of requests verifies once. */
const CACHE_MS = 30_000;
const CACHE_MAX = 10_000;

/**
 * Short-lived access tokens: HS256 JWTs signed with the first configured key and its `kid`,
 * verified with whichever key the `kid` names, so keys rotate without signing anyone out. Only
 * HS256 is accepted (no `alg: none`, no algorithm confusion), with issuer, audience and expiry
 * checked. Verified tokens are cached briefly (30 s, never past their expiry).
 */
export class AccessTokens {
  private readonly keys: Map<string, Uint8Array>;
  private readonly signer: SigningKey;
  private readonly verified = new LRUCache<string, AccessClaims>({ max: CACHE_MAX, ttl: CACHE_MS });

  constructor(
    keys: SigningKey[],
    readonly ttlSeconds: number,
  ) {
    if (keys.length === 0) throw new AppError('CONFIG_INVALID', 'at least one JWT signing key is needed');
    this.signer = keys[0]!;
    this.keys = new Map(keys.map((key) => [key.kid, new TextEncoder().encode(key.secret)]));
  }

  async issue(claims: AccessClaims): Promise<string> {
    return new SignJWT({ org: claims.organizationId, role: claims.role, sid: claims.sessionId })
      .setProtectedHeader({ alg: 'HS256', kid: this.signer.kid, typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.keys.get(this.signer.kid)!);
  }

  /** The token's claims; TOKEN_EXPIRED past its expiry, TOKEN_INVALID for anything else wrong. */
  async verify(token: string): Promise<AccessClaims> {
    // Keyed by the token itself: hashing it cost more than the rest of a cache hit.
    const cached = this.verified.get(token);
    if (cached) return cached;
    let payload;
    try {
      ({ payload } = await jwtVerify(token, (header: JWTHeaderParameters) => this.keyFor(header), {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired)
        throw new AppError('TOKEN_EXPIRED', 'the access token has expired');
      throw new AppError('TOKEN_INVALID', 'the access token is not valid', { cause: error });
    }
    const claims = toClaims(payload);
    // Never trusted past the token's own expiry.
    const ttl = Math.min(CACHE_MS, (payload.exp ?? 0) * 1000 - Date.now());
    if (ttl > 0) this.verified.set(token, claims, { ttl });
    return claims;
  }

  /** Forgets cached verifications of a session's tokens (after logout or reuse detection). */
  forgetSession(sessionId: string): void {
    for (const [token, claims] of this.verified.entries())
      if (claims.sessionId === sessionId) this.verified.delete(token);
  }

  private keyFor(header: JWTHeaderParameters): Uint8Array {
    const key = header.kid === undefined ? undefined : this.keys.get(header.kid);
    if (!key) throw new AppError('TOKEN_INVALID', 'the access token names an unknown key');
    return key;
  }
}

function toClaims(payload: Record<string, unknown>): AccessClaims {
  const { sub, org, role, sid } = payload;
  if ([sub, org, sid].some((value) => typeof value !== 'string') || !ROLES.includes(role as Role)) {
    throw new AppError('TOKEN_INVALID', 'the access token lacks its claims');
  }
  return {
    userId: sub as string,
    organizationId: org as string,
    role: role as Role,
    sessionId: sid as string,
  };
}
