import { z } from 'zod';

/** Whom the provider vouches for: what finding, linking or creating an account needs. */
export interface OidcIdentity {
  /** The provider's issuer identifier; with the subject, the stable key of the identity. */
  issuer: string;
  subject: string;
  /** Lower-case; present only when the provider asserted the address verified. */
  verifiedEmail?: string;
  /** A display name, to name the organization of a new account. */
  name?: string;
}

const email = z.email().max(254);

/**
 * The identity in an ID token's (and UserInfo's) claims. An email counts only with
 * `email_verified: true` (some providers send the string "true"): a provider that does not assert
 * verification may let anyone claim any address, and linking by that address would hand them the
 * account that owns it. So a missing `email_verified` is treated as unverified.
 */
export function identityFromClaims(
  issuer: string,
  claims: { sub: string } & Record<string, unknown>,
): OidcIdentity {
  const verified = claims.email_verified === true || claims.email_verified === 'true';
  const address = email.safeParse(claims.email);
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : undefined;
  return {
    issuer,
    subject: claims.sub,
    ...(verified && address.success ? { verifiedEmail: address.data.toLowerCase() } : {}),
    ...(name ? { name } : {}),
  };
}
