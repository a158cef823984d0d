import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CSRF_COOKIE, REFRESH_COOKIE } from '../api/auth/browser-session';
import type { RunningApp } from './support/app';
import { openPage, seriousAccessibilityViolations } from './support/browser';
import { buildDashboard } from './support/dashboard-build';
import { uniqueName } from './support/isolation';
import { startAppWithProvider } from './support/oidc-provider/app-with-provider';
import type { RunningProvider } from './support/oidc-provider/start-provider';

/**
 * Issue 15: "Sign in with …" on the dashboard, in headless Chromium against the local OpenID
 * Connect provider: the button leads to the provider, whose login and consent forms the test
 * fills in, and back to the dashboard, signed in by its session cookie.
 */
describe('the dashboard signs in with an OpenID Connect provider, in a real browser', () => {
  let provider: RunningProvider;
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    await buildDashboard();
    ({ provider, app } = await startAppWithProvider('social-analytics-dashboard-test'));
    ({ browser, context, page, pageErrors } = await openPage({ width: 390, height: 844 }));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await provider?.stop();
  });

  it('goes to the provider from the sign-in page and comes back signed in, the session in its cookies', async () => {
    await page.goto(`${app.baseUrl}/#/sign-in`);
    const button = page.getByRole('link', { name: 'Sign in with Example ID' });
    await button.waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await button.click();
    // The provider's development login form, then its consent form.
    await page.locator('input[name="login"]').fill(`${uniqueName('oidc-browser-')}@example.com`);
    await page.locator('input[name="password"]').fill('any password');
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]').click();
    await page.getByRole('heading', { level: 1, name: 'Channels' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    const cookies = Object.fromEntries((await context.cookies()).map((cookie) => [cookie.name, cookie]));
    expect(cookies[REFRESH_COOKIE]).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/v1/auth' });
    expect(cookies[CSRF_COOKIE]).toMatchObject({ httpOnly: false, sameSite: 'Strict', path: '/' });
    expect(pageErrors).toEqual([]);
  });
});
