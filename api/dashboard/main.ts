/** The dashboard's entry: the shell (header, main landmark, live region) and the hash router. */
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { accountLink, keepLinkToken } from './account-links';
import { call, whenSessionEnds } from './api';
import { h, replace } from './dom';
import type { PageContext } from './page';
import { channelPage } from './pages/channel';
import { channelsPage } from './pages/channels';
import { comparePage } from './pages/compare';
import { invitationPage } from './pages/invitation';
import { organizationPage } from './pages/organization';
import { forgotPasswordPage, passwordResetPage } from './pages/password-reset';
import { signInPage, signUpPage } from './pages/sign-in';
import { forgetOrganization } from './plan';
import { PUBLIC_PAGES, type Route, parseRoute, routeHref } from './routes';
import { client, forgetTokens, refreshSession, signedIn } from './session';

const main = document.getElementById('main') as HTMLElement;
const nav = document.getElementById('nav') as HTMLElement;
const status = document.getElementById('announce') as HTMLElement;
let current: AbortController | undefined;

function navigate(route: Route): void {
  const href = routeHref(route);
  if (location.hash === href) void render();
  else location.hash = href;
}

function announce(text: string): void {
  status.textContent = '';
  // A fresh text node after a tick, so screen readers announce a repeated message again.
  setTimeout(() => (status.textContent = text), 50);
}

/** Forgets the session and what was read with it, and shows sign-in. */
function endSession(): void {
  forgetTokens();
  forgetOrganization();
  navigate({ page: 'sign-in' });
}

whenSessionEnds(endSession);

async function signOut(): Promise<void> {
  try {
    await call(() => client.POST('/v1/auth/logout'));
  } catch {
    // Signed out locally either way: the session ends on the server at its expiry.
  }
  endSession();
}

function renderNav(): void {
  if (!signedIn()) {
    replace(nav, h('a', { href: '#/sign-in' }, 'Sign in'), h('a', { href: '#/sign-up' }, 'Sign up'));
    return;
  }
  const out = h('button', { type: 'button', class: 'link' }, 'Sign out');
  out.addEventListener('click', () => void signOut());
  replace(
    nav,
    h('a', { href: '#/channels' }, 'Channels'),
    h('a', { href: '#/compare' }, 'Compare'),
    h('a', { href: '#/organization' }, 'Organization'),
    out,
  );
}

async function render(): Promise<void> {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  const route = parseRoute(location.hash);
  // After a reload the access token is gone: the refresh cookie, when there is one, brings it back.
  if (!PUBLIC_PAGES.has(route.page) && !signedIn() && !(await refreshSession())) {
    return navigate({ page: 'sign-in' });
  }
  // The invitation page is public, but accepts for a session that a reload left in the cookie.
  if (route.page === 'invitation' && !signedIn()) await refreshSession();
  if (controller.signal.aborted) return;
  renderNav();
  const focused = document.activeElement?.id;
  const ctx: PageContext = { main, signal: controller.signal, navigate, announce };
  const page = show(ctx, route);
  // Controls render before data arrives: keep focus on the control that changed the route.
  const again = focused ? document.getElementById(focused) : null;
  if (again && main.contains(again)) again.focus();
  else main.focus();
  await page;
}

function show(ctx: PageContext, route: Route): Promise<void> | void {
  switch (route.page) {
    case 'sign-in':
      return signInPage(ctx);
    case 'sign-up':
      return signUpPage(ctx);
    case 'channels':
      return channelsPage(ctx);
    case 'channel':
      return channelPage(ctx, route);
    case 'organization':
      return organizationPage(ctx);
    case 'invitation':
      return invitationPage(ctx);
    case 'password-reset':
      return passwordResetPage(ctx);
    case 'forgot-password':
      return forgotPasswordPage(ctx);
    case 'compare':
      return comparePage(ctx, route);
    case 'not-found':
      replace(
        main,
        h('h1', {}, 'Page not found'),
        h('p', {}, h('a', { href: '#/channels' }, 'Go to your channels')),
      );
  }
}

// The skip link targets the main landmark by focus, not by hash: the hash is the router's.
document.querySelector('.skip-link')?.addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', () => void render());

/**
 * A mailed link (`/invitations/accept#token=…`, `/password-reset#token=…`): the token goes to this
 * tab's sessionStorage and the address becomes the page's hash route at `/`, without the token,
 * so it is neither in the history, a bookmark nor a Referer. replaceState fires no hashchange.
 */
const link = accountLink(location.pathname, location.hash);
if (link) history.replaceState(null, '', `/${routeHref(keepLinkToken(link, sessionStorage))}`);
void render();
