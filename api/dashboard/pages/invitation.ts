/**
 * `#/invitations/accept`, where a mailed invitation link lands (account-links.ts keeps its token
 * in sessionStorage). Signed out: says to sign in or sign up with the invited email, and both come
 * back here. Signed in: "Accept invitation" joins, and the dashboard carries on in that organization.
 */
import { call } from '../api';
import { ApiFailure } from '../api-errors';
import { INVITATION_TOKEN_KEY } from '../account-links';
import { errorView } from '../error-view';
import { h, replace } from '../dom';
import { type PageContext, setTitle } from '../page';
import { forgetOrganization } from '../plan';
import { client, keepTokens, signedIn } from '../session';

/** The invitation page; the shell has refreshed the session first when there is one. */
export function invitationPage(ctx: PageContext): void {
  setTitle('Join an organization');
  const token = sessionStorage.getItem(INVITATION_TOKEN_KEY);
  const heading = h('h1', {}, 'Join an organization');
  if (!token) {
    replace(
      ctx.main,
      heading,
      h(
        'p',
        { 'data-testid': 'error-message' },
        'This invitation link is incomplete. Open the link in your invitation mail again.',
      ),
    );
    return;
  }
  if (!signedIn()) {
    replace(
      ctx.main,
      heading,
      h(
        'section',
        { class: 'card', 'data-testid': 'invitation' },
        h(
          'p',
          {},
          'You were invited to join an organization. Sign in, or sign up, with the email address the invitation was sent to: you come back here to accept it.',
        ),
        h(
          'p',
          {},
          h('a', { href: '#/sign-in', class: 'button primary' }, 'Sign in'),
          ' ',
          h('a', { href: '#/sign-up', class: 'button secondary' }, 'Sign up'),
        ),
      ),
    );
    return;
  }
  const errors = h('div', { class: 'form-errors' });
  const button = h('button', { type: 'button', class: 'primary' }, 'Accept invitation');
  button.addEventListener('click', () => void accept(ctx, token, button, errors));
  replace(
    ctx.main,
    heading,
    h(
      'section',
      { class: 'card', 'data-testid': 'invitation' },
      h(
        'p',
        {},
        'You were invited to join an organization. Accepting switches this dashboard to it; your own organizations stay yours.',
      ),
      errors,
      button,
    ),
  );
}

async function accept(ctx: PageContext, token: string, button: HTMLButtonElement, errors: HTMLElement) {
  button.disabled = true;
  replace(errors);
  try {
    const pair = await call(() => client.POST('/v1/invitations/accept', { body: { token } }));
    sessionStorage.removeItem(INVITATION_TOKEN_KEY);
    // The answer also set the session cookies, so a reload stays in the organization joined.
    keepTokens(pair);
    forgetOrganization();
    ctx.announce('Invitation accepted: you joined the organization.');
    ctx.navigate({ page: 'organization' });
  } catch (failure) {
    // Used, revoked or expired: the token is worth nothing more, so the page stops offering it.
    if (failure instanceof ApiFailure && failure.code === 'NOT_FOUND') {
      sessionStorage.removeItem(INVITATION_TOKEN_KEY);
    } else {
      button.disabled = false;
    }
    replace(errors, errorView(failure));
  }
}
