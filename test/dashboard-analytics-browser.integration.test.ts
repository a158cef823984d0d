import type { Browser, Page } from 'playwright-core';
import { openIntake } from '../connectors/intake';
import { produceChannelStats } from '../connectors/kafka/channel-stats';
import { createLogger } from '../platform/logger';
import {
  type RunningApp,
  type TestAccount,
  callApi,
  postUpdate,
  setPlan,
  signUp,
  startApp,
} from './support/app';
import { expectAccessible, openPage } from './support/browser';
import { buildDashboard } from './support/dashboard-build';
import {
  ALPHA,
  BETA,
  GROUP,
  REPLIED_TO,
  RETENTION_SUMMARY,
  channelUpdates,
  expectedMeanRate,
  expectedPostRates,
  groupUpdates,
} from './support/dashboard-analytics-workload';
import { eventually } from './support/eventually';

/**
 * Issue 15, the analytics the API had and the dashboard did not show, in headless Chromium against
 * the whole product: a Pro organization sees each top post's engagement rate and the rate per day
 * on a channel's page, its connected group's newcomers after 7 days, and two channels' rates side
 * by side on #/compare; on Free, hourly windows there show the upgrade notice. Sections below the
 * first screen read only when scrolled to. Each view passes axe-core (no serious or critical
 * finding) and is saved under .stack/artifacts/dashboard-browser/. The steps run in order on one page.
 */
const LANDS_MS = 90_000;

describe('the dashboard’s analytics in a real browser', () => {
  let app: RunningApp;
  let account: TestAccount;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  /** The API paths the page asked, in order (`/v1/…` without the query). */
  const asked: string[] = [];
  const get = <T>(path: string) => callApi<T>(app, 'GET', path, { token: account.token });

  beforeAll(async () => {
    await buildDashboard();
    app = await startApp();
    account = await signUp(app, 'Analytics Browser Co');
    await setPlan(app, account.organizationId, 'pro');
    const intake = openIntake(app.config, createLogger('error'));
    try {
      const samples = [ALPHA, BETA].flatMap((c) =>
        c.samples.map((s) => ({
          source: 'telegram' as const,
          channel_id: String(c.chatId),
          metric: 'members' as const,
          count: s.count,
          observed_at: s.at,
        })),
      );
      await produceChannelStats(
        intake,
        samples.sort((a, b) => a.observed_at - b.observed_at),
      );
    } finally {
      await intake.close();
    }
    const connect = await callApi<{ code: string }>(app, 'POST', '/v1/telegram/connect-codes', {
      token: account.token,
    });
    // Every chat's updates in time order: the processors' windows close as stream time moves on.
    const updates = [...channelUpdates(ALPHA), ...channelUpdates(BETA), ...groupUpdates(connect.body.code)];
    let updateId = 1;
    for (const { body } of updates.sort((a, b) => a.at - b.at)) {
      expect((await postUpdate(app, { update_id: updateId++, ...body })).status).toBe(200);
    }
    for (const [channel, title] of [
      [ALPHA.key, ALPHA.title],
      [BETA.key, BETA.title],
      [GROUP, 'Makers'],
    ]) {
      await eventually(
        () => callApi(app, 'POST', '/v1/channels', { token: account.token, body: { channel, title } }),
        (answer) => answer.status === 201,
      );
    }
    // The page shows what has landed when it loads: wait for the last of each.
    await eventually(
      () =>
        get<{ posts: { engagement_rate: number | null }[] }>(
          `/v1/channels/${ALPHA.key}/engagement/posts?from=${new Date(Date.now() - 12 * 86_400_000).toISOString()}`,
        ),
      (answer) =>
        answer.body.posts?.length === ALPHA.posts.length &&
        answer.body.posts.every((p) => p.engagement_rate !== null),
      LANDS_MS,
    );
    await eventually(
      () => get<{ measured: number; cohorts: unknown[] }>(`/v1/channels/${GROUP}/group/retention`),
      (answer) => answer.body.measured === 5 && answer.body.cohorts?.length === 3,
      LANDS_MS,
    );
    ({ browser, page, pageErrors } = await openPage({ width: 1280, height: 720 }));
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/v1/')) asked.push(url.pathname);
    });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('signs in and lists the tracked channels with a link to compare them', async () => {
    await page.goto(`${app.baseUrl}/#/sign-in`);
    const form = page.getByTestId('sign-in-form');
    await form.getByLabel('Email').fill(account.email);
    await form.getByLabel('Password').fill(account.password);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('channel-list').getByRole('link', { name: 'Beta Daily' }).waitFor();
    await page.getByRole('link', { name: 'Compare channels side by side' }).waitFor();
  });

  it('shows each top post’s engagement rate, and the rate per day once scrolled to', async () => {
    asked.length = 0;
    await page.goto(`${app.baseUrl}/#/channels/${encodeURIComponent(ALPHA.key)}?granularity=day`);
    await page.getByRole('heading', { level: 1, name: 'Alpha News' }).waitFor();
    const rates = page.getByTestId('post-rate');
    const shown = await eventually(
      () => rates.allTextContents(),
      (texts) => texts.length === ALPHA.posts.length && texts.every((text) => text.includes('%')),
      15_000,
    );
    expect(shown.map((text) => text.replace(/^ · /, ''))).toEqual(expectedPostRates(ALPHA));
    // Below the first screen, nothing was asked yet.
    const arrival = [...asked];
    expect(
      arrival.filter((path) => /\/(audience|activity\/hour-of-week|terms|engagement$)/.test(path)),
    ).toEqual([]);
    await page.getByRole('heading', { name: 'Engagement rate' }).scrollIntoViewIfNeeded();
    const summary = page.getByTestId('engagement-summary');
    await summary.waitFor();
    await expect(summary.textContent()).resolves.toContain(
      `Average ER ${expectedMeanRate(ALPHA)} over ${ALPHA.posts.length} days with a known audience`,
    );
    await page.getByTestId('engagement-chart').locator('canvas').waitFor();
    await expectAccessible(page, 'channel-engagement');
    // Each lazy section reads once it is near; its test id appears with its data.
    await page.getByRole('heading', { name: 'Audience', exact: true }).scrollIntoViewIfNeeded();
    await page.getByTestId('audience-chart').waitFor();
    await page.getByRole('heading', { name: 'When it posts' }).scrollIntoViewIfNeeded();
    await page.getByTestId('heatmap').waitFor();
    await page.getByRole('heading', { name: 'Hashtags and mentions' }).scrollIntoViewIfNeeded();
    await eventually(
      () => page.locator('[aria-labelledby="terms-heading"]').textContent(),
      (text) => !text?.includes('Loading…'),
      15_000,
    );
    // The report's numbers: calls on arrival, and once every section has been seen.
    console.log(
      `channel page API calls: ${arrival.length} on arrival (${arrival.join(', ')}); ${asked.length} after scrolling`,
    );
  });

  it('shows a connected group’s newcomers after 7 days, and its members ranked by replies received', async () => {
    await page.goto(`${app.baseUrl}/#/channels/${encodeURIComponent(GROUP)}?granularity=day`);
    await page.getByRole('heading', { level: 1, name: 'Makers' }).waitFor();
    const table = page.getByTestId('group-retention');
    await table.scrollIntoViewIfNeeded();
    await expect(page.getByTestId('group-retention-summary').textContent()).resolves.toBe(RETENTION_SUMMARY);
    const rows = await table.locator('tbody tr').allInnerTexts();
    expect(rows.map((row) => row.split('\t').slice(1))).toEqual([
      ['1', expect.stringMatching(/^known on /), expect.stringMatching(/^known on /)],
      ['2', '2 (100%)', '1 (50%)'],
      ['3', '2 (67%)', '1 (33%)'],
    ]);
    await page.getByTestId('group-top-members').waitFor();
    await expectAccessible(page, 'group-retention');
    await page.getByRole('radio', { name: 'by replies received' }).check();
    const replied = page.locator('[data-testid="group-top-members"][data-by="replies_received"] li');
    await replied.first().waitFor();
    await expect(replied.allTextContents()).resolves.toEqual([REPLIED_TO]);
  });

  it('compares two channels’ engagement rates in one chart with a legend', async () => {
    await page.goto(`${app.baseUrl}/#/channels`);
    await page.getByRole('link', { name: 'Compare channels side by side' }).click();
    await page.getByRole('heading', { level: 1, name: 'Compare channels' }).waitFor();
    const form = page.getByTestId('compare-form');
    await form.getByLabel('Makers').uncheck();
    await form.getByLabel('Alpha News').check();
    await form.getByLabel('Beta Daily').check();
    await form.getByLabel('Metric').selectOption({ label: 'Engagement rate (%)' });
    await form.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(/#\/compare\?channels=.*metric=engagement_rate/);
    const chart = page.locator('[data-testid="compare-chart"][data-series="2"]');
    await chart.locator('canvas').waitFor();
    const legend = await page.getByTestId('compare-legend').locator('li').allTextContents();
    expect(legend).toEqual([
      expect.stringMatching(/^Alpha News · latest \d+\.\d\d%$/),
      expect.stringMatching(/^Beta Daily · latest \d+\.\d\d%$/),
    ]);
    await expectAccessible(page, 'compare');
  });

  it('offers a Free organization the upgrade for hourly windows on the compare page', async () => {
    await setPlan(app, account.organizationId, 'free');
    const hourly = `/v1/compare?channels=${ALPHA.key},${BETA.key}&granularity=hour`;
    await eventually(
      () => get(hourly),
      (answer) => answer.status === 402,
    );
    const form = page.getByTestId('compare-form');
    await form.getByLabel('Granularity').selectOption('hour');
    await form.getByRole('button', { name: 'Compare' }).click();
    const upgrade = page.getByTestId('upgrade-message');
    await upgrade.waitFor();
    await expect(upgrade.getByRole('button', { name: 'Upgrade to Pro' }).isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'compare-upgrade');
    expect(pageErrors).toEqual([]);
  });
});
