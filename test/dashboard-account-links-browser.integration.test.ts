import type { Browser, Page } from 'playwright-core';
import { type TestAccount, callApi, signUp } from './support/app';
import { expectAccessible, openPage } from './support/browser';
import { useAppWithMailer } from './support/capturing-mailer';
import { buildDashboard } from './support/dashboard-build';
import { uniqueName } from './support/isolation';

/**
 * Issue 15: the links of the account mails open pages of the dashboard. An owner invites an email;
 * the invitee opens the mailed link, signs up from it, comes back, accepts, lands in the joined
 * organization and is still in it after a reload. A password reset asked from sign-in ("Forgot
 * password?") and opened from the mailed link sets a new password that then signs in. Used links
 * say so in a sentence. The token never stays in the address bar; axe finds no serious violation
 * on each new page (screenshots in .stack/artifacts/dashboard-browser/account-*.png).
 *
 * The steps share one page and run in order.
 */
describe('the account mail links in a real browser', () => {
  // Before the app starts: it serves the dashboard build it finds at start (a fresh clone has none).
  beforeAll(() => buildDashboard(), 180_000);
  const suite = useAppWithMailer();
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  let owner: TestAccount;
  const invitee = { email: `${uniqueName('invitee-')}@example.com`, password: 'invited and long enough' };
  const newPassword = 'a brand new long password';
  let invitationLink = '';
  let resetLink = '';

  /** The mailed link, on this test's app: APP_URL's origin is the configured one, the rest is the mail's. */
  const mailedLink = async (to: string, kind: string): Promise<string> => {
    // The reset mail goes after the API's answer: wait for it.
    for (let tries = 0; tries < 50; tries += 1) {
      const link = suite.mailer.last(to)?.trace?.link;
      if (link?.includes(kind)) {
        expect(link.startsWith(`${suite.app.config.mail.appUrl}/`)).toBe(true);
        const url = new URL(link);
        return `${suite.app.baseUrl}${url.pathname}${url.hash}`;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no ${kind} mail to ${to}`);
  };
  const heading = (name: string) => page.getByRole('heading', { level: 1, name }).waitFor();
  const expectNoToken = () => expect(page.url()).not.toContain('token');

  beforeAll(async () => {
    owner = await signUp(suite.app, 'Inviting Co');
    ({ browser, page, pageErrors } = await openPage({ width: 1280, height: 900 }));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('opens the mailed invitation: signed out, it says to sign in or sign up, the token off the address', async () => {
    const sent = await callApi(suite.app, 'POST', '/v1/organization/invitations', {
      token: owner.token,
      body: { email: invitee.email, role: 'analyst' },
    });
    expect(sent.status).toBe(202);
    invitationLink = await mailedLink(invitee.email, '/invitations/accept#token=');
    await page.goto(invitationLink);
    await heading('Join an organization');
    expect(page.url()).toBe(`${suite.app.baseUrl}/#/invitations/accept`);
    await expect(page.getByTestId('invitation').textContent()).resolves.toContain(
      'with the email address the invitation was sent to',
    );
    await expectAccessible(page, 'invitation-signed-out', 'account-invitation-signed-out');
  });

  it('signs up from there, comes back, accepts, and is in the joined organization after a reload', async () => {
    await page.getByTestId('invitation').getByRole('link', { name: 'Sign up' }).click();
    const form = page.getByTestId('sign-up-form');
    await form.getByLabel('Email').fill(invitee.email);
    await form.getByLabel('Password').fill(invitee.password);
    await form.getByLabel('Organization name').fill('Invitee Own');
    await form.getByRole('button', { name: 'Create account' }).click();
    await heading('Join an organization');
    const accept = page.getByRole('button', { name: 'Accept invitation' });
    await accept.waitFor();
    await expectAccessible(page, 'invitation-signed-in', 'account-invitation-signed-in');
    await accept.click();
    await heading('Inviting Co');
    expect(page.url()).toBe(`${suite.app.baseUrl}/#/organization`);
    await page.reload();
    await heading('Inviting Co');
    await expect(page.getByRole('navigation', { name: 'Main' }).textContent()).resolves.toContain('Sign out');
  });

  it('shows why a used invitation no longer works', async () => {
    await page.goto(invitationLink);
    await heading('Join an organization');
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    await expect(page.getByTestId('error-message').textContent()).resolves.toBe(
      'No such invitation: it was accepted, replaced, revoked or has expired.',
    );
    expectNoToken();
  });

  it('asks for a reset from sign-in, and the mailed link sets a new password that signs in', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading('Sign in');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await heading('Forgot password');
    await page.getByTestId('forgot-password-form').getByLabel('Email').fill(invitee.email);
    await page.getByRole('button', { name: 'Mail me a reset link' }).click();
    // The status paragraph is there, empty, before the answer: wait for its words.
    await page.getByTestId('reset-requested').getByText('a reset link is on its way').waitFor();
    await expectAccessible(page, 'forgot-password', 'account-forgot-password');

    resetLink = await mailedLink(invitee.email, '/password-reset#token=');
    await page.goto(resetLink);
    await heading('Choose a new password');
    expect(page.url()).toBe(`${suite.app.baseUrl}/#/password-reset`);
    const field = page.getByLabel('New password');
    await expect(field.getAttribute('minlength')).resolves.toBe('10');
    await expect(page.getByText('At least 10 characters.').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'password-reset', 'account-password-reset');
    await field.fill(newPassword);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await heading('Sign in');
    await expect(page.getByTestId('sign-in-notice').textContent()).resolves.toBe(
      'Your password was changed. Sign in with the new one.',
    );
    const form = page.getByTestId('sign-in-form');
    await form.getByLabel('Email').fill(invitee.email);
    await form.getByLabel('Password').fill(newPassword);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await heading('Channels');
    const old = await callApi(suite.app, 'POST', '/v1/auth/login', {
      body: { email: invitee.email, password: invitee.password },
    });
    expect(old.status).toBe(401);
  });

  it('says a used reset link has expired and offers a new one', async () => {
    await page.goto(resetLink);
    await heading('Choose a new password');
    await page.getByLabel('New password').fill('another long password');
    await page.getByRole('button', { name: 'Set new password' }).click();
    const message = page.getByTestId('error-message');
    await expect(message.textContent()).resolves.toContain('This reset link was used or has expired.');
    await expectAccessible(page, 'password-reset-used', 'account-password-reset-used');
    await message.getByRole('link', { name: 'Ask for a new reset link' }).click();
    await heading('Forgot password');
    expect(pageErrors).toEqual([]);
  });
});
