/**
 * The links the account mails carry (api/auth/account-mail.ts): `/invitations/accept#token=…` and
 * `/password-reset#token=…`. The token is read from the fragment (which never reaches a server),
 * kept in this tab's sessionStorage, and the address becomes a plain hash route without it. Pure
 * but for the storage it is given, so it is tested without a browser.
 */
import type { Route } from './routes';

/** Where each kind of link keeps its token in sessionStorage. */
export const INVITATION_TOKEN_KEY = 'sa_invitation_token';
export const RESET_TOKEN_KEY = 'sa_reset_token';

/** The mailed links' paths, and the page each opens. */
const LINKS: Record<string, { key: string; route: Route }> = {
  '/invitations/accept': { key: INVITATION_TOKEN_KEY, route: { page: 'invitation' } },
  '/password-reset': { key: RESET_TOKEN_KEY, route: { page: 'password-reset' } },
};

/** The `token` of a fragment like `#token=…`; undefined when there is none or it is empty. */
export function fragmentToken(hash: string): string | undefined {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token ? token : undefined;
}

/** What opening a mailed link means: the token to keep (if the fragment has one) and the page. */
export interface AccountLink {
  key: string;
  token: string | undefined;
  route: Route;
}

/** The account link at `pathname` with fragment `hash`; undefined for any other address. */
export function accountLink(pathname: string, hash: string): AccountLink | undefined {
  const link = LINKS[pathname.replace(/\/+$/, '')];
  return link && { ...link, token: fragmentToken(hash) };
}

/** The storage the tokens are kept in (sessionStorage in the page; a Map-backed fake in tests). */
export type TokenStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * Keeps the link's token (a link opened again replaces the last one) and answers the page to show.
 * A link without a token keeps what an earlier one left, so a reload of the page still works.
 */
export function keepLinkToken(link: AccountLink, storage: TokenStorage): Route {
  if (link.token !== undefined) storage.setItem(link.key, link.token);
  return link.route;
}

/** Where sign-in and sign-up go: back to a pending invitation, otherwise the channels. */
export function afterSignIn(storage: TokenStorage): Route {
  return storage.getItem(INVITATION_TOKEN_KEY) ? { page: 'invitation' } : { page: 'channels' };
}

/** The sign-in page's note after a password reset (`#/sign-in?notice=password-changed`). */
export function signInNotice(hash: string): string | undefined {
  const search = hash.split('?', 2)[1];
  const notice = search === undefined ? null : new URLSearchParams(search).get('notice');
  return notice === 'password-changed' ? 'Your password was changed. Sign in with the new one.' : undefined;
}
