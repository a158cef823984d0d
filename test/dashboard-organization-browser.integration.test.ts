import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Pool } from 'pg';
import { type RunningApp, type TestAccount, callApi, setPlan, signUp, startApp } from './support/app';
import { expectAccessible, openPage } from './support/browser';
import { buildDashboard } from './support/dashboard-build';
import { uniqueName } from './support/isolation';
import { type SignedInMember, addSignedInMember } from './support/members';
import { startAppWithProvider } from './support/oidc-provider/app-with-provider';
import type { RunningProvider } from './support/oidc-provider/start-provider';

/**
 * Issue 15: the organization page in headless Chromium. An Enterprise owner invites a member and
 * sees the pending invitation, changes a member's role and removes one (each after a confirmation
 * dialog), creates an API key and sees its secret once, calls the API with it, and revokes it; a
 * viewer sees no admin controls. A sign-in cancelled at the OpenID Connect provider comes back to
 * the sign-in page with a sentence. axe-core finds no serious or critical violation, forms and
 * dialogs open; screenshots go to .stack/artifacts/dashboard-browser/organization-*.png.
 *
 * The steps of the first block share one page and run in order.
 */
describe('the organization page in a real browser', () => {
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  let owner: TestAccount;
  let viewer: SignedInMember;
  let analyst: SignedInMember;
  let leaving: SignedInMember;
  const invitee = `${uniqueName('invitee-')}@example.com`;
  let apiKey = '';

  const signIn = async (target: Page, account: { email: string; password: string }) => {
    await target.goto(`${app.baseUrl}/#/sign-in`);
    const form = target.getByTestId('sign-in-form');
    await form.getByLabel('Email').fill(account.email);
    await form.getByLabel('Password').fill(account.password);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await target.getByRole('heading', { level: 1, name: 'Channels' }).waitFor();
    await target
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Organization' })
      .click();
  };
  const row = (table: string, email: string) => page.getByTestId(table).locator(`tr[data-email="${email}"]`);
  const dialog = () => page.getByRole('dialog');
  const members = async () =>
    (
      await callApi<{ members: { email: string; role: string }[] }>(app, 'GET', '/v1/organization/members', {
        token: owner.token,
      })
    ).body.members;

  beforeAll(async () => {
    await buildDashboard();
    app = await startApp({ ROLES: 'api' });
    owner = await signUp(app, 'Org Browser Co');
    await setPlan(app, owner.organizationId, 'enterprise');
    analyst = await addSignedInMember(app, owner, 'viewer');
    leaving = await addSignedInMember(app, owner, 'admin');
    viewer = await addSignedInMember(app, owner, 'viewer');
    // The viewer signs in with the form, which picks the first organization they joined: this one.
    const pool = new Pool({ connectionString: app.config.postgres.url, max: 1 });
    try {
      await pool.query(
        "UPDATE memberships SET created_at = created_at - interval '1 day' WHERE user_id = $1 AND organization_id = $2",
        [viewer.userId, owner.organizationId],
      );
    } finally {
      await pool.end();
    }
    ({ browser, context, page, pageErrors } = await openPage({ width: 1280, height: 900 }));
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.baseUrl });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('shows an Enterprise owner the members, the invite form and the API key form', async () => {
    await signIn(page, owner);
    await page.getByRole('heading', { level: 1, name: 'Org Browser Co' }).waitFor();
    await row('members', owner.email).waitFor();
    await expect(row('members', owner.email).textContent()).resolves.toContain('(you)');
    await page.getByTestId('invite-form').waitFor();
    await page.getByTestId('api-key-form').waitFor();
    await page.getByTestId('invitations-empty').waitFor();
    await expectAccessible(page, 'owner', 'organization-owner');
  });

  it('invites a member by email with a role and lists the pending invitation; revokes one after a confirmation', async () => {
    const form = page.getByTestId('invite-form');
    await form.getByLabel('Email').fill(invitee.toUpperCase());
    await form.getByLabel('Role').selectOption('analyst');
    await form.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByTestId('invite-result').getByText(`Invitation sent to ${invitee} as Analyst`).waitFor();
    await row('invitations', invitee).waitFor();
    await expect(row('invitations', invitee).textContent()).resolves.toContain('Analyst');

    const other = `${uniqueName('withdrawn-')}@example.com`;
    await form.getByLabel('Email').fill(other);
    await form.getByRole('button', { name: 'Send invitation' }).click();
    await row('invitations', other).waitFor();
    await row('invitations', other)
      .getByRole('button', { name: `Revoke the invitation of ${other}` })
      .click();
    await dialog().getByRole('heading', { name: 'Revoke invitation' }).waitFor();
    // The destructive choice is not the default one: Cancel has the focus, and Escape cancels.
    await expect(page.evaluate('document.activeElement?.textContent')).resolves.toBe('Cancel');
    await expectAccessible(page, 'revoke-invitation-dialog', 'organization-revoke-invitation-dialog');
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });
    await expect(row('invitations', other).count()).resolves.toBe(1);
    await row('invitations', other)
      .getByRole('button', { name: `Revoke the invitation of ${other}` })
      .click();
    await dialog().getByRole('button', { name: 'Revoke invitation' }).click();
    await row('invitations', other).waitFor({ state: 'detached' });
    await expect(row('invitations', invitee).count()).resolves.toBe(1);
    const listed = await callApi<{ invitations: { email: string }[] }>(
      app,
      'GET',
      '/v1/organization/invitations',
      {
        token: owner.token,
      },
    );
    expect(listed.body.invitations.map((invitation) => invitation.email)).toEqual([invitee]);
  });

  it("changes a member's role with the keyboard, and removes a member after a confirmation", async () => {
    await row('members', analyst.email)
      .getByRole('button', { name: `Change role of ${analyst.email}` })
      .press('Enter');
    await dialog().getByLabel('Role').waitFor();
    await dialog().getByLabel('Role').selectOption('analyst');
    await expectAccessible(page, 'change-role-dialog', 'organization-change-role-dialog');
    await dialog().getByRole('button', { name: 'Save role' }).press('Enter');
    await page
      .locator(`[data-testid="members"] tr[data-email="${analyst.email}"] td[data-role="analyst"]`)
      .waitFor();
    expect((await members()).find((member) => member.email === analyst.email)?.role).toBe('analyst');

    await row('members', leaving.email)
      .getByRole('button', { name: `Remove ${leaving.email}` })
      .click();
    await dialog().getByText(`Remove ${leaving.email} from the organization?`).waitFor();
    await dialog().getByRole('button', { name: 'Remove member' }).click();
    await row('members', leaving.email).waitFor({ state: 'detached' });
    expect((await members()).map((member) => member.email)).not.toContain(leaving.email);
  });

  it('creates an API key and shows its secret once, with a copy button; the key calls the API', async () => {
    const form = page.getByTestId('api-key-form');
    await form.getByLabel('Key name').fill('ci');
    await form.getByLabel('Role').selectOption('analyst');
    await form.getByRole('button', { name: 'Create key' }).click();
    const secret = page.getByTestId('api-key-secret');
    await secret.waitFor();
    await expect(secret.textContent()).resolves.toContain('You will not see it again.');
    apiKey = await secret.getByLabel('New API key').inputValue();
    expect(apiKey.length).toBeGreaterThan(20);
    await secret.getByRole('button', { name: 'Copy key' }).click();
    await secret.getByText('Copied to the clipboard.').waitFor();
    await expect(page.evaluate('navigator.clipboard.readText()')).resolves.toBe(apiKey);
    await page.getByTestId('api-keys').locator('tr[data-key="ci"]').waitFor();
    await expectAccessible(page, 'api-key-created', 'organization-api-key-created');

    // As a script would: curl -H "X-API-Key: …" /v1/channels.
    const used = await fetch(`${app.baseUrl}/v1/channels`, { headers: { 'x-api-key': apiKey } });
    expect(used.status).toBe(200);
    const me = await callApi<{ kind: string; role: string }>(app, 'GET', '/v1/me', { key: apiKey });
    expect(me.body).toMatchObject({ kind: 'api_key', role: 'analyst' });

    // Never shown again: after a reload the key is listed, its secret nowhere on the page.
    await page.reload();
    await page.getByTestId('api-keys').locator('tr[data-key="ci"]').waitFor();
    await expect(page.getByTestId('api-key-secret').count()).resolves.toBe(0);
    await expect(page.content()).resolves.not.toContain(apiKey);
  });

  it('revokes the key after a confirmation: the API refuses it from then on', async () => {
    const keyRow = page.getByTestId('api-keys').locator('tr[data-key="ci"]');
    await keyRow.getByRole('button', { name: 'Revoke key ci' }).click();
    await dialog().getByText('Revoke the key “ci”?').waitFor();
    await expectAccessible(page, 'revoke-key-dialog', 'organization-revoke-key-dialog');
    await dialog().getByRole('button', { name: 'Revoke key' }).click();
    await page.getByTestId('api-keys-empty').waitFor();
    const refused = await fetch(`${app.baseUrl}/v1/channels`, { headers: { 'x-api-key': apiKey } });
    expect(refused.status).toBe(401);
    expect(pageErrors).toEqual([]);
  });

  it('shows a viewer the plan and no admin controls', async () => {
    const viewerPage = await openPage({ width: 390, height: 844 });
    try {
      await signIn(viewerPage.page, viewer);
      await viewerPage.page.getByTestId('role-note').waitFor();
      await viewerPage.page.getByTestId('current-plan').waitFor();
      for (const hidden of ['invite-form', 'api-key-form', 'members', 'invitations', 'api-keys']) {
        await expect(viewerPage.page.getByTestId(hidden).count()).resolves.toBe(0);
      }
      for (const name of ['Change role', 'Remove', 'Revoke', 'Upgrade to Pro', 'Manage billing']) {
        await expect(viewerPage.page.getByRole('button', { name }).count()).resolves.toBe(0);
      }
      await expect(viewerPage.page.getByTestId('role-note').textContent()).resolves.toContain(
        'Your role is Viewer',
      );
      await expectAccessible(viewerPage.page, 'viewer', 'organization-viewer');
      expect(viewerPage.pageErrors).toEqual([]);
    } finally {
      await viewerPage.browser.close();
    }
  });
});

describe('a sign-in cancelled at the OpenID Connect provider, in a real browser', () => {
  let app: RunningApp;
  let provider: RunningProvider;
  beforeAll(async () => {
    await buildDashboard();
    ({ app, provider } = await startAppWithProvider('social-analytics-browser-test'));
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
    await provider?.stop();
  });

  it('comes back to the sign-in page with a sentence saying so, not a JSON page', async () => {
    const { browser, page, pageErrors } = await openPage({ width: 1280, height: 900 });
    try {
      // The provider's development pages import a web font: the test stays off the network.
      await page.route(/^https:\/\//, (route) => route.abort());
      await page.goto(`${app.baseUrl}/#/sign-in`);
      await page.getByTestId('oidc-sign-in').click();
      await page.getByRole('link', { name: '[ Cancel ]' }).click();
      const message = page.getByTestId('sign-in-form').getByTestId('error-message');
      await message.waitFor();
      await expect(message.textContent()).resolves.toContain(
        'Sign-in with your identity provider was cancelled.',
      );
      expect(new URL(page.url()).hash).toBe('#/sign-in');
      await expectAccessible(page, 'oidc-cancelled', 'organization-oidc-cancelled');
      expect(pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
