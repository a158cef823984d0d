import type { Redis } from 'ioredis';
import { type BaseClient, type CallbackParamsType, type TokenSet, errors, generators } from 'openid-client';
import { AppError } from '../../../platform/errors';
import { networkFailure } from '../../../platform/network-failure';
import { type OidcIdentity, identityFromClaims } from './identity-claims';
import { PENDING_TTL_SECONDS, PendingSignIns } from './pending-sign-ins';
import { type OidcSettings, ProviderClient } from './provider-client';

/** A started sign-in: where to send the browser, and the state the callback will carry. */
export interface StartedSignIn {
  authorizationUrl: string;
  state: string;
  /** The secret the starting browser must present at the callback. */
  binding: string;
  expiresInSeconds: number;
}

/** A completed sign-in: who the provider vouches for, and where a browser sign-in returns to. */
export interface FinishedSignIn {
  identity: OidcIdentity;
  /** Set when the sign-in was started from a page (`start(returnTo)`): answer with a redirect there. */
  returnTo?: string;
}

/**
 * The authorization code flow with PKCE against one provider: `start` makes the provider's
 * authorization URL, `finish` turns the provider's answer (the callback's query) into the
 * identity it vouches for, after checking state, code, PKCE verifier, ID token and nonce.
 */
export class OidcSignIn {
  private readonly client: ProviderClient;
  private readonly pending: PendingSignIns;

  /** `prefix` keeps environments that share a Redis apart, as for sessions. */
  constructor(
    private readonly settings: OidcSettings,
    redis: Redis,
    prefix: string,
  ) {
    this.client = new ProviderClient(settings);
    this.pending = new PendingSignIns(redis, prefix);
  }

  /** The name to show on a "Sign in with …" button. */
  get providerName(): string {
    return this.settings.providerName;
  }

  /** `returnTo`: a browser sign-in's page to return to, already checked (return-to.ts). */
  async start(returnTo?: string): Promise<StartedSignIn> {
    const client = await this.client.get();
    const attempt = await this.pending.create(returnTo);
    const authorizationUrl = client.authorizationUrl({
      scope: this.settings.scopes,
      state: attempt.state,
      nonce: attempt.nonce,
      code_challenge: generators.codeChallenge(attempt.codeVerifier),
      code_challenge_method: 'S256',
    });
    return {
      authorizationUrl,
      state: attempt.state,
      binding: attempt.binding,
      expiresInSeconds: PENDING_TTL_SECONDS,
    };
  }

  /**
   * The identity of a completed sign-in. OIDC_STATE_INVALID when the state is unknown, expired or
   * used (an attempt completes once, whatever the outcome, but for a provider that could not be
   * reached: OIDC_PROVIDER_UNAVAILABLE leaves it for a retry); OIDC_SIGN_IN_FAILED when the
   * provider refuses the code or its ID token does not verify.
   */
  async finish(
    params: CallbackParamsType & { state: string },
    binding: string | undefined,
  ): Promise<FinishedSignIn> {
    // The client first: a provider that cannot be reached leaves the attempt for a retry.
    const client = await this.client.get();
    const attempt = await this.pending.take(params.state);
    if (!attempt) {
      throw new AppError('OIDC_STATE_INVALID', 'this sign-in is unknown, expired or completed already');
    }
    if (!PendingSignIns.bound(attempt, binding)) {
      throw new AppError('OIDC_STATE_INVALID', 'this sign-in was started by another browser');
    }
    try {
      const tokens = await client.callback(this.settings.redirectUri, params, {
        response_type: 'code',
        state: params.state,
        nonce: attempt.nonce,
        code_verifier: attempt.codeVerifier,
      });
      const identity = identityFromClaims(
        String(client.issuer.metadata.issuer),
        await claimsOf(client, tokens),
      );
      return { identity, ...(attempt.returnTo === undefined ? {} : { returnTo: attempt.returnTo }) };
    } catch (error) {
      // The provider could not be reached, so the code is likely unspent: the browser holding the
      // binding may try this callback again. (A failure after the token call, say of the keys'
      // fetch, leaves a spent code: a retry could only be refused.)
      if (networkFailure(error) === 'not_reached')
        await this.pending.giveBack(params.state, attempt).catch(() => undefined);
      throw asSignInError(error);
    }
  }
}

/**
 * The ID token's claims, completed from UserInfo when they lack the email: many providers put
 * scope claims only in UserInfo. openid-client checks that UserInfo's `sub` is the ID token's.
 */
async function claimsOf(client: BaseClient, tokens: TokenSet) {
  const claims = tokens.claims();
  const complete = claims.email !== undefined && claims.email_verified !== undefined;
  if (complete || !client.issuer.metadata.userinfo_endpoint) return claims;
  return { ...(await client.userinfo(tokens)), ...claims };
}

function asSignInError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof errors.OPError) {
    return new AppError('OIDC_SIGN_IN_FAILED', 'the OpenID Connect provider refused the sign-in', {
      cause: error,
      details: {
        error: error.error,
        ...(error.error_description ? { error_description: error.error_description } : {}),
      },
    });
  }
  if (error instanceof errors.RPError) {
    // The reason (expected and received values) goes to the log through `cause`, not to the caller.
    return new AppError('OIDC_SIGN_IN_FAILED', 'the answer of the OpenID Connect provider does not verify', {
      cause: error,
    });
  }
  return new AppError('OIDC_PROVIDER_UNAVAILABLE', 'the OpenID Connect provider could not be reached', {
    cause: error,
  });
}
