import { createHash, randomBytes } from 'node:crypto';

/** A secret sent by mail (an invitation, a password reset) and the hash that is stored instead. */
export interface OneTimeToken {
  token: string;
  hash: Buffer;
}

/** 256 random bits, base64url: too many to guess, so a fast hash is enough to store it. */
export function newOneTimeToken(): OneTimeToken {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashOneTimeToken(token) };
}

/** The stored form of a token: SHA-256, so a read of the table gives no usable token. */
export function hashOneTimeToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
