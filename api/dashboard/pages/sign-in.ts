/** Sign in and sign up with email and password. */
import { afterSignIn, signInNotice } from '../account-links';
import { call } from '../api';
import { errorView, renderViewError } from '../error-view';
import { field, formValues, h, replace } from '../dom';
import { oidcSignInLink } from '../oidc-button';
import { type PageContext, setTitle } from '../page';
import { client, keepTokens } from '../session';
import { signInErrorMessage } from './sign-in-errors';

/** The sign-in page (`#/sign-in`). */
export function signInPage(ctx: PageContext): void {
  setTitle('Sign in');
  const errors = h('div', { class: 'form-errors' });
  const form = h(
    'form',
    { class: 'card auth', 'data-testid': 'sign-in-form', novalidate: false },
    field('Email', {
      id: 'sign-in-email',
      name: 'email',
      type: 'email',
      autocomplete: 'username',
      required: true,
    }),
    field('Password', {
      id: 'sign-in-password',
      name: 'password',
      type: 'password',
      autocomplete: 'current-password',
      required: true,
    }),
    errors,
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const { email = '', password = '' } = formValues(form);
    void submit(ctx, form, errors, () =>
      call(() => client.POST('/v1/auth/login', { body: { email: email.trim(), password } })),
    );
  });
  const provider = h('div', { class: 'auth oidc-sign-in' });
  replace(
    ctx.main,
    h('h1', {}, 'Sign in'),
    form,
    provider,
    h('p', {}, h('a', { href: '#/forgot-password' }, 'Forgot password?')),
    h('p', {}, 'New here? ', h('a', { href: '#/sign-up' }, 'Create an account')),
  );
  void showProviderLink(provider);
  showProviderFailure(errors);
  showNotice(ctx, form);
}

/** After a password reset (`#/sign-in?notice=password-changed`): says so above the form. */
function showNotice(ctx: PageContext, form: HTMLFormElement): void {
  const notice = signInNotice(location.hash);
  if (notice === undefined) return;
  form.before(h('p', { class: 'notice', role: 'status', 'data-testid': 'sign-in-notice' }, notice));
  ctx.announce(notice);
}

/**
 * A sign-in with the provider that failed comes back as `#/sign-in?error=<code>` (the API's
 * callback): says why, and drops the code from the address so a reload does not say it again.
 */
function showProviderFailure(errors: HTMLElement): void {
  const message = signInErrorMessage(location.hash);
  if (message === undefined) return;
  replace(errors, renderViewError({ kind: 'problem', message }));
  // replaceState fires no hashchange: the page stays as it is.
  history.replaceState(null, '', '#/sign-in');
}

/**
 * Adds "Sign in with …" when the API has an OpenID Connect provider. A plain link: the browser
 * leaves for the provider and comes back to `/` with the session cookie, where the app refreshes.
 * Best effort: without an answer the password form is all there is.
 */
async function showProviderLink(container: HTMLElement): Promise<void> {
  const { data } = await client.GET('/v1/auth/oidc/provider').catch(() => ({ data: undefined }));
  const link = oidcSignInLink(data);
  if (!link) return;
  replace(
    container,
    h('p', { class: 'hint' }, 'or'),
    h('a', { href: link.href, class: 'button secondary', 'data-testid': 'oidc-sign-in' }, link.label),
  );
}

/** The sign-up page (`#/sign-up`): a new account and its organization on the Free plan. */
export function signUpPage(ctx: PageContext): void {
  setTitle('Sign up');
  const errors = h('div', { class: 'form-errors' });
  const form = h(
    'form',
    { class: 'card auth', 'data-testid': 'sign-up-form' },
    field('Email', {
      id: 'sign-up-email',
      name: 'email',
      type: 'email',
      autocomplete: 'username',
      required: true,
    }),
    field(
      'Password',
      {
        id: 'sign-up-password',
        name: 'password',
        type: 'password',
        autocomplete: 'new-password',
        minlength: 10,
        required: true,
      },
      'At least 10 characters.',
    ),
    field('Organization name', {
      id: 'sign-up-organization',
      name: 'organization_name',
      type: 'text',
      autocomplete: 'organization',
      maxlength: 100,
      required: true,
    }),
    errors,
    h('button', { type: 'submit', class: 'primary' }, 'Create account'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const { email = '', password = '', organization_name = '' } = formValues(form);
    void submit(ctx, form, errors, () =>
      call(() =>
        client.POST('/v1/auth/signup', {
          body: { email: email.trim(), password, organization_name: organization_name.trim() },
        }),
      ),
    );
  });
  replace(
    ctx.main,
    h('h1', {}, 'Create your account'),
    h('p', {}, 'Track up to 3 channels free. Upgrade any time for hourly and minute data.'),
    form,
    h('p', {}, 'Already have an account? ', h('a', { href: '#/sign-in' }, 'Sign in')),
  );
}

async function submit(
  ctx: PageContext,
  form: HTMLFormElement,
  errors: HTMLElement,
  send: () => Promise<Parameters<typeof keepTokens>[0]>,
): Promise<void> {
  const button = form.querySelector('button[type="submit"]') as HTMLButtonElement;
  button.disabled = true;
  replace(errors);
  try {
    keepTokens(await send());
    // Back to an invitation that sent the viewer here to sign in first.
    ctx.navigate(afterSignIn(sessionStorage));
  } catch (failure) {
    replace(errors, errorView(failure));
  } finally {
    button.disabled = false;
  }
}
