import { type BaseClient, Issuer, custom } from 'openid-client';
import type { Config } from '../../../platform/config';
import { AppError } from '../../../platform/errors';

export type OidcSettings = NonNullable<Config['oidc']>;

/** Seconds of clock difference with the provider tolerated in ID token times (iat, exp). */
const CLOCK_TOLERANCE_SECONDS = 10;

/**
 * The relying-party client of the configured provider. The issuer is discovered on first use
 * and kept; a failed discovery is forgotten, so the next request tries again. The API therefore
 * starts, and serves everything else, while the provider is down.
 */
export class ProviderClient {
  private client?: Promise<BaseClient>;

  constructor(private readonly settings: OidcSettings) {}

  /** The client; OIDC_PROVIDER_UNAVAILABLE while discovery fails. */
  get(): Promise<BaseClient> {
    this.client ??= this.discover().catch((error: unknown) => {
      this.client = undefined;
      throw new AppError('OIDC_PROVIDER_UNAVAILABLE', 'the OpenID Connect provider could not be reached', {
        cause: error,
      });
    });
    return this.client;
  }

  private async discover(): Promise<BaseClient> {
    const issuer = await Issuer.discover(this.settings.issuerUrl);
    const { clientId, clientSecret, redirectUri } = this.settings;
    const client = new issuer.Client({
      client_id: clientId,
      ...(clientSecret === undefined
        ? { token_endpoint_auth_method: 'none' }
        : { client_secret: clientSecret, token_endpoint_auth_method: 'client_secret_basic' }),
      redirect_uris: [redirectUri],
      response_types: ['code'],
    });
    client[custom.clock_tolerance] = CLOCK_TOLERANCE_SECONDS;
    return client;
  }
}
