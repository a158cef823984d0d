import { randomInt } from 'node:crypto';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CSRF_COOKIE, REFRESH_COOKIE } from '../api/auth/browser-session';
import { type RunningApp, postUpdate, startApp } from './support/app';
import { expectAccessible, openPage, screenshot } from './support/browser';
import { buildDashboard } from './support/dashboard-build';
import { uniqueName } from './support/isolation';
import { channelPost, reactionCount } from './support/telegram-updates';

/**
 * Issue 15: the dashboard the api role serves at `/`, driven in headless Chromium against the
 * whole product (webhook, processors, ClickHouse, API): a visitor signs up, tracks a channel and
 * sees its posts chart, which follows a new post without a reload; a Free organization asking
 * for hourly data is offered the upgrade; the session survives a reload through the refresh
 * cookie. Every page passes axe-core with no serious or critical violation, and each is saved as
 * a screenshot under .stack/artifacts/dashboard-browser/. SA_WRITE_DOCS_IMAGES=1 also copies the
 * channel page to docs/images/dashboard-channel.png, the README's picture.
 *
 * The steps share one browser page and run in order: each starts where the one before ended.
 */
const DOCS_IMAGE = join(__dirname, '..', 'docs', 'images', 'dashboard-channel.png');
const PASSWORD = 'correct horse battery staple';
/** Processing (webhook, Kafka, processors, ClickHouse, live update) takes seconds; this is ample. */
const LANDS_MS = 60_000;
/** Posts a day over four weeks, the oldest first: a channel worth a picture. */
const POSTS_PER_DAY = [1, 3, 2, 4, 2, 0, 1, 3, 5, 2, 4, 3, 1, 2, 4, 6, 3, 2, 5, 4, 3, 1, 2, 4, 5, 3, 6, 4, 2];
const TEXTS = [
  'Release 4.2 is out: faster exports and a cleaner API #release',
  'How we cut query latency in half #engineering',
  'Webinar on Thursday: channel analytics 101 #events',
  'Weekly digest: the stories our readers shared most #digest',
  'New integration: alerts in your team chat #integrations',
  'Behind the scenes with the support team #team',
];

describe('the dashboard in a real browser', () => {
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  // A public channel of its own: the test database and the broker are shared.
  const chatId = -1_001_000_000_000 - randomInt(1, 900_000_000);
  const channel = `telegram:${chatId}`;
  const email = `${uniqueName('browser-')}@example.com`;
  let updateId = randomInt(1_000_000, 900_000_000);
  let messageId = 1;
  /** Sends one update to the webhook, as Telegram would. */
  const send = async (update: unknown) => {
    const answer = await postUpdate(app, update);
    if (answer.status !== 200) throw new Error(`the webhook answered ${answer.status}`);
  };
  /** A channel post at `epochSeconds`; its message id. */
  const post = async (epochSeconds: number) => {
    const update = channelPost(updateId++, messageId, epochSeconds, chatId);
    const text = TEXTS[messageId % TEXTS.length]!;
    await send({ ...update, channel_post: { ...update.channel_post, text, entities: [] } });
    return messageId++;
  };
  const chart = () => page.getByTestId('posts-chart');
  /** Waits until the chart plots `points` posts. */
  const chartShows = (points: number) =>
    page.waitForSelector(`[data-testid="posts-chart"][data-points="${points}"]`, { timeout: LANDS_MS });

  beforeAll(async () => {
    await buildDashboard();
    app = await startApp();
    ({ browser, context, page, pageErrors } = await openPage({ width: 1280, height: 900 }));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('signs up in the browser and lands on the channels page, the session in its cookies', async () => {
    await page.goto(`${app.baseUrl}/#/sign-up`);
    const form = page.getByTestId('sign-up-form');
    await form.waitFor();
    await expectAccessible(page, 'sign-up');
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByLabel('Organization name').fill('Browser Test Co');
    await form.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Channels' }).waitFor();
    await page.getByTestId('plan-limits').getByRole('heading').waitFor();
    await expectAccessible(page, 'channels-empty');
    const cookies = Object.fromEntries((await context.cookies()).map((cookie) => [cookie.name, cookie]));
    expect(cookies[REFRESH_COOKIE]).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/v1/auth' });
    expect(cookies[CSRF_COOKIE]).toMatchObject({ httpOnly: false, sameSite: 'Strict', path: '/' });
  });

  it("tracks a channel and shows its posts chart: four weeks' posts", async () => {
    // Each post at its own hour of its day, sent in time order (the processors' windows close as
    // time moves on), the last an hour ago: all well inside the page's 30 days.
    const now = Math.floor(Date.now() / 1000) - 3600;
    const times = POSTS_PER_DAY.flatMap((count, index) =>
      Array.from(
        { length: count },
        (_, n) => now - (POSTS_PER_DAY.length - 1 - index) * 86_400 - ((n * 5 + index) % 11) * 3600,
      ),
    ).sort((a, b) => a - b);
    const posted = [];
    for (const time of times) posted.push(await post(time));
    // Reactions to a few posts, observed now, so the top posts differ.
    for (const [rank, id] of posted.slice(-12, -2).entries()) {
      const update = reactionCount(updateId++, id, now, chatId);
      const reactions = update.message_reaction_count.reactions.map((r) => ({
        ...r,
        total_count: 3 + rank * 4,
      }));
      await send({ ...update, message_reaction_count: { ...update.message_reaction_count, reactions } });
    }
    const form = page.getByTestId('add-channel-form');
    await form.getByLabel('Channel').fill(channel);
    await form.getByLabel('Title (optional)').fill('Product News');
    await form.getByRole('button', { name: 'Track channel' }).click();
    const link = page.getByTestId('channel-list').getByRole('link', { name: 'Product News' });
    await link.waitFor();
    await expectAccessible(page, 'channels');
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Product News' }).waitFor();
    await chartShows(times.length);
    await page.getByTestId('top-posts').waitFor();
    await expectAccessible(page, 'channel');
    // The README's picture: what a visitor sees first, the chart and the top posts' start.
    const picture = await screenshot(page, 'channel-viewport', false);
    if (process.env.SA_WRITE_DOCS_IMAGES === '1') {
      mkdirSync(dirname(DOCS_IMAGE), { recursive: true });
      copyFileSync(picture, DOCS_IMAGE);
    }
  });

  it('adds a post that arrives through the webhook to the chart, without a reload', async () => {
    // A mark on this document: a reload or a navigation would lose it.
    await page.evaluate('window.__notReloaded = true');
    const before = Number(await chart().getAttribute('data-points'));
    await post(Math.floor(Date.now() / 1000));
    await chartShows(before + 1);
    await expect(page.evaluate('window.__notReloaded === true')).resolves.toBe(true);
  });

  it('shows a Free organization that asks for hourly data the upgrade message', async () => {
    await page.getByRole('radio', { name: 'Hour' }).check();
    const upgrade = page.getByTestId('upgrade-message');
    await upgrade.waitFor();
    await expect(upgrade.textContent()).resolves.toMatch(/Pro/);
    await expect(upgrade.getByRole('button', { name: 'Upgrade to Pro' }).isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'channel-upgrade');
  });

  it('keeps the session across a reload: the refresh cookie brings it back', async () => {
    await page.getByRole('radio', { name: 'Day' }).check();
    await chart().waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Product News' }).waitFor();
    await chart().waitFor();
    await page.goto(`${app.baseUrl}/#/nowhere`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await expectAccessible(page, 'not-found');
  });

  it('signs out, which ends the cookies too, and signs in again', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    const form = page.getByTestId('sign-in-form');
    await form.waitFor();
    const names = (await context.cookies()).map((cookie) => cookie.name);
    expect(names).not.toContain(REFRESH_COOKIE);
    expect(names).not.toContain(CSRF_COOKIE);
    await expectAccessible(page, 'sign-in');
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('channel-list').getByRole('link', { name: 'Product News' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
