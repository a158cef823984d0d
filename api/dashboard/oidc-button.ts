/** The "Sign in with …" link of the sign-in page, from GET /v1/auth/oidc/provider. */
import type { ApiSchema } from '../client';

type OidcProvider = ApiSchema<'OidcProvider'>;

/** Where the sign-in with the provider starts: always this API's own route, never elsewhere. */
const START_PATH = '/v1/auth/oidc/start?';

/**
 * The link to show, or undefined when sign-in with a provider is off (or the answer is not one
 * this page trusts to navigate to). It is a plain link: the browser goes to the provider and comes
 * back to `/` with the session cookie, where the page signs in by refreshing.
 */
export function oidcSignInLink(info: OidcProvider | undefined): { href: string; label: string } | undefined {
  if (!info?.enabled || !info.provider_name || !info.start_url?.startsWith(START_PATH)) return undefined;
  return { href: info.start_url, label: `Sign in with ${info.provider_name}` };
}
