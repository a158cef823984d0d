import { createHash, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import { generators } from 'openid-client';

/** What the callback needs to check that the provider answered this attempt and no other. */
export interface PendingSignIn {
  nonce: string;
  codeVerifier: string;
  /** SHA-256 of the secret the starting browser holds (cookie, or the JSON answer's `binding`). */
  bindingHash: string;
  /** Epoch ms when the attempt lapses (absent on attempts stored before it was kept). */
  expiresAt?: number;
  /** A browser sign-in's same-origin path to return to (return-to.ts); absent for API clients. */
  returnTo?: string;
}

/** How long a started sign-in may take at the provider. */
export const PENDING_TTL_SECONDS = 600;

const hash = (state: string) => createHash('sha256').update(state).digest('base64url');

/**
 * Sign-in attempts between start and callback, in Redis under a hash of their `state`: each is
 * taken once (GETDEL), so a replayed callback finds nothing, and expires on its own after 10
 * minutes. Redis because any replica may serve the callback. Each attempt is bound to the browser
 * that started it by a secret only that browser holds: the state travels in URLs (history, logs,
 * Referer), so the state alone must not be enough to finish someone's sign-in.
 */
export class PendingSignIns {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /**
   * A new attempt: its state, nonce and PKCE code verifier, stored until taken or expired, with
   * the path a browser sign-in returns to (kept here, server side, never read back from the URL).
   */
  async create(
    returnTo?: string,
  ): Promise<Omit<PendingSignIn, 'bindingHash'> & { state: string; binding: string }> {
    const attempt = {
      state: generators.state(),
      nonce: generators.nonce(),
      codeVerifier: generators.codeVerifier(),
      binding: generators.random(),
    };
    const stored: PendingSignIn = {
      nonce: attempt.nonce,
      codeVerifier: attempt.codeVerifier,
      bindingHash: hash(attempt.binding),
      expiresAt: Date.now() + PENDING_TTL_SECONDS * 1000,
      ...(returnTo === undefined ? {} : { returnTo }),
    };
    await this.redis.set(this.key(attempt.state), JSON.stringify(stored), 'EX', PENDING_TTL_SECONDS);
    return attempt;
  }

  /** The attempt with this state, removed as it is read; undefined if unknown, expired or taken. */
  async take(state: string): Promise<PendingSignIn | undefined> {
    const stored = await this.redis.getdel(this.key(state));
    return stored === null ? undefined : (JSON.parse(stored) as PendingSignIn);
  }

  /**
   * Puts back an attempt taken by a callback that could not reach the provider's token endpoint,
   * so the browser can try the same callback again; until the attempt's own expiry, and only if
   * nothing took its place.
   */
  async giveBack(state: string, attempt: PendingSignIn): Promise<void> {
    if (attempt.expiresAt === undefined || attempt.expiresAt <= Date.now()) return;
    await this.redis.set(this.key(state), JSON.stringify(attempt), 'PXAT', attempt.expiresAt, 'NX');
  }

  /** Whether `binding` is the secret the attempt was started with (compared in constant time). */
  static bound(attempt: PendingSignIn, binding: string | undefined): boolean {
    if (binding === undefined) return false;
    const [expected, given] = [Buffer.from(attempt.bindingHash), Buffer.from(hash(binding))];
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private key(state: string): string {
    return `${this.prefix}oidc:pending:${hash(state)}`;
  }
}
