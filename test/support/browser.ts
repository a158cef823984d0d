import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';

/**
 * A headless Chromium for the dashboard's browser tests: Debian's package (the Playwright CDN
 * build is not downloaded), which `bash ops/deploy-checks.sh install` installs with apt.
 */
export const CHROMIUM = '/usr/bin/chromium';

/** Where the tests put screenshots (git-ignored, beside the stack's logs). */
export const ARTIFACTS = join(__dirname, '..', '..', '.stack', 'artifacts', 'dashboard-browser');

/**
 * Launches Chromium headless; a missing browser fails with the command that installs it. Each
 * launch gets a fresh profile directory of Playwright's (its default), so no test sees another's
 * cookies; the flags keep it off the network except for the pages it is sent to.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no browser at ${CHROMIUM}: run bash ops/deploy-checks.sh install (apt-get install chromium)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', // root in a container has no user namespace for the sandbox
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A browser with one page, and what that page's scripts threw. */
export interface OpenPage {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Uncaught errors of the page's scripts, in order: a test ends by expecting none. */
  pageErrors: string[];
}

/** Launches Chromium with one page of `viewport` (locale en-US, 15 s for each step), collecting its uncaught errors. */
export async function openPage(viewport: { width: number; height: number }): Promise<OpenPage> {
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport, locale: 'en-US' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { browser, context, page, pageErrors };
}

/** An accessibility finding axe rates serious or critical: rule, impact, and where. */
export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** The page's serious and critical axe-core violations (WCAG 2.x A and AA rules, and best practices). */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}

/** Saves a screenshot (the whole page, or the viewport only) as `<name>.png` under ARTIFACTS; its path. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage, animations: 'disabled' });
  return path;
}

/**
 * The page passes axe-core (no serious or critical finding), and its screenshot is saved as
 * `<artifact>.png` (the page's name unless told).
 */
export async function expectAccessible(page: Page, name: string, artifact = name): Promise<void> {
  await screenshot(page, artifact);
  expect({ page: name, violations: await seriousAccessibilityViolations(page) }).toEqual({
    page: name,
    violations: [],
  });
}
