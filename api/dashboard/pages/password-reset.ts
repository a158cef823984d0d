/**
 * `#/password-reset`, where a mailed reset link lands (its token kept in sessionStorage by
 * account-links.ts), and `#/forgot-password`, which asks the API to mail one.
 */
import { lastRetryAfter } from '../api';
import { type ApiFailure, toFailure, viewError } from '../api-errors';
import { RESET_TOKEN_KEY } from '../account-links';
import { renderViewError } from '../error-view';
import { field, formValues, h, replace } from '../dom';
import { type PageContext, setTitle } from '../page';
import { forgetOrganization } from '../plan';
import { client, forgetTokens } from '../session';

/** The API's rule for a new password (api/auth/password-routes.ts). */
const MIN_PASSWORD = 10;

/** The reset form: a new password, then sign-in with a note that it changed. */
export function passwordResetPage(ctx: PageContext): void {
  setTitle('Choose a new password');
  const token = sessionStorage.getItem(RESET_TOKEN_KEY);
  const heading = h('h1', {}, 'Choose a new password');
  if (!token) {
    replace(ctx.main, heading, invalidLink('This reset link is incomplete.'));
    return;
  }
  const errors = h('div', { class: 'form-errors' });
  const form = h(
    'form',
    { class: 'card auth', 'data-testid': 'password-reset-form' },
    field(
      'New password',
      {
        id: 'reset-password',
        name: 'new_password',
        type: 'password',
        autocomplete: 'new-password',
        minlength: MIN_PASSWORD,
        maxlength: 200,
        required: true,
      },
      `At least ${MIN_PASSWORD} characters.`,
    ),
    errors,
    h('button', { type: 'submit', class: 'primary' }, 'Set new password'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void reset(ctx, token, form, errors);
  });
  replace(ctx.main, heading, form);
}

async function reset(ctx: PageContext, token: string, form: HTMLFormElement, errors: HTMLElement) {
  const button = form.querySelector('button[type="submit"]') as HTMLButtonElement;
  const { new_password = '' } = formValues(form);
  button.disabled = true;
  replace(errors);
  // Not through `call`: its TOKEN_INVALID is the link's, not the session's, and must not sign out.
  const failure = await client
    .POST('/v1/auth/password-reset/confirm', { body: { token, new_password } })
    .then(
      ({ response, error }) => (response.ok ? undefined : toFailure(response.status, error)),
      () => 'unreachable' as const,
    );
  button.disabled = false;
  if (failure === undefined) {
    sessionStorage.removeItem(RESET_TOKEN_KEY);
    // The reset ended every session of the account, this tab's too.
    forgetTokens();
    forgetOrganization();
    ctx.navigate({ page: 'sign-in', notice: 'password-changed' });
    return;
  }
  if (failure !== 'unreachable' && failure.code === 'TOKEN_INVALID') {
    sessionStorage.removeItem(RESET_TOKEN_KEY);
    replace(
      ctx.main,
      h('h1', {}, 'Choose a new password'),
      invalidLink('This reset link was used or has expired.'),
    );
    return;
  }
  replace(errors, problem(failure));
}

function problem(failure: ApiFailure | 'unreachable'): HTMLElement {
  return renderViewError(viewError(failure === 'unreachable' ? undefined : failure, lastRetryAfter));
}

function invalidLink(why: string): HTMLElement {
  return h(
    'div',
    { class: 'notice notice-problem', role: 'alert', 'data-testid': 'error-message' },
    h('p', {}, `${why} `, h('a', { href: '#/forgot-password' }, 'Ask for a new reset link'), '.'),
  );
}

/** `#/forgot-password`: an email, and the API mails a reset link if it has an account. */
export function forgotPasswordPage(ctx: PageContext): void {
  setTitle('Forgot password');
  const errors = h('div', { class: 'form-errors' });
  const status = h('p', { role: 'status', 'data-testid': 'reset-requested' });
  const form = h(
    'form',
    { class: 'card auth', 'data-testid': 'forgot-password-form' },
    field('Email', {
      id: 'forgot-email',
      name: 'email',
      type: 'email',
      autocomplete: 'username',
      required: true,
    }),
    errors,
    h('button', { type: 'submit', class: 'primary' }, 'Mail me a reset link'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void request(form, errors, status);
  });
  replace(
    ctx.main,
    h('h1', {}, 'Forgot password'),
    h('p', {}, 'We mail a link to choose a new password. It works once, for 30 minutes.'),
    form,
    status,
    h('p', {}, h('a', { href: '#/sign-in' }, 'Back to sign in')),
  );
}

async function request(form: HTMLFormElement, errors: HTMLElement, status: HTMLElement) {
  const button = form.querySelector('button[type="submit"]') as HTMLButtonElement;
  const { email = '' } = formValues(form);
  button.disabled = true;
  replace(errors);
  status.textContent = '';
  const failure = await client.POST('/v1/auth/password-reset', { body: { email: email.trim() } }).then(
    ({ response, error }) => (response.ok ? undefined : toFailure(response.status, error)),
    () => 'unreachable' as const,
  );
  button.disabled = false;
  if (failure === undefined) {
    status.textContent = `If an account has the email ${email.trim()}, a reset link is on its way. Check your mail.`;
  } else {
    replace(errors, problem(failure));
  }
}
