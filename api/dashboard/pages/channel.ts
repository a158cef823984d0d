/**
 * A channel: posts per window with a granularity switch and a date range, live updates, top posts
 * with their engagement rates, the rate per window, audience, posting hours, terms, group members.
 * Sections below the first screen read only when the viewer comes near them (lazy.ts).
 */
import type { ApiSchema } from '../../client';
import { call } from '../api';
import { errorView } from '../error-view';
import { card, fill, h, replace } from '../dom';
import { type Granularity, PAGE_GRANULARITIES, defaultRange } from '../format';
import { type LiveState, followLive } from '../live';
import { type PageContext, setTitle } from '../page';
import { organization, trackedChannels } from '../plan';
import { PostsChart } from '../posts-chart';
import { whenNear } from '../lazy';
import { client } from '../session';
import { mergeWindows } from '../windows';
import { showAudience } from './audience';
import { type ChannelRoute, controls } from './channel-controls';
import { showEngagement } from './engagement';
import { exportSection } from './export';
import { showGroup } from './group';
import { showHeatmap } from './heatmap';
import { searchSection } from './search';
import { showTerms } from './terms';
import { showTopPosts } from './top-posts';

type MetricsWindow = ApiSchema<'ChannelMetrics'>['windows'][number];

const LIVE_TEXT: Record<LiveState, string> = {
  connecting: 'Connecting to live updates…',
  live: 'Live: new posts appear as they land.',
  reconnecting: 'Live updates interrupted; reconnecting…',
  stopped: 'Live updates stopped.',
};

/** `#/channels/<channel>`. */
export async function channelPage(ctx: PageContext, route: ChannelRoute): Promise<void> {
  setTitle(route.channel);
  const granularity = route.granularity ?? (await finestAllowed());
  const range = { from: route.from ?? defaultRange(granularity).from, ...(route.to ? { to: route.to } : {}) };
  const chartSection = card('posts-heading', 'Posts');
  const topPosts = card('top-posts-heading', 'Top posts');
  const engagement = card('engagement-heading', 'Engagement rate');
  const audience = card('audience-heading', 'Audience');
  const heatmap = card('heatmap-heading', 'When it posts');
  const terms = card('terms-heading', 'Hashtags and mentions');
  const group = card('group-heading', 'Group members');
  const live = h('p', { class: 'live-status', 'data-testid': 'live-status', role: 'status' });
  const heading = h('h1', {}, route.channel);
  replace(
    ctx.main,
    h('p', {}, h('a', { href: '#/channels' }, '← All channels')),
    heading,
    controls(ctx, route, granularity, range),
    chartSection,
    topPosts,
    engagement,
    audience,
    heatmap,
    terms,
    group,
    searchSection(route.channel, range),
    exportSection(route.channel, granularity, range),
  );
  // Each section asks on its own and shows its own failure (a plan may allow one and not another).
  const topPostsShown = showTopPosts(topPosts, route.channel, range);
  const read = call(() =>
    client.GET('/v1/channels/{channel}/metrics', {
      params: { path: { channel: route.channel }, query: { granularity, ...range } },
    }),
  );
  // The rest wait for the first screen to fill: before that, every empty card is "near".
  const lazily = (section: HTMLElement, load: () => Promise<void>) =>
    void Promise.allSettled([topPostsShown, read]).then(() => whenNear(section, ctx.signal, load));
  lazily(audience, () => showAudience(audience, route.channel, ctx.signal));
  lazily(heatmap, () => showHeatmap(heatmap, route.channel));
  lazily(terms, () => showTerms(terms, route.channel, range));
  // Asked at once: one call tells a group from a channel, and the section leaves when it is not one.
  void showGroup(group, route.channel, ctx.signal);
  void channelTitle(route.channel).then((title) => {
    if (!title) return;
    heading.textContent = title;
    setTitle(title);
  });
  const chart = new PostsChart(granularity, ctx.signal);
  let windows: MetricsWindow[];
  try {
    windows = (await read).windows;
  } catch (failure) {
    fill(chartSection, errorView(failure));
    // The rate reads the same windows: the chart's message says why for both.
    engagement.remove();
    return;
  }
  fill(chartSection, live, chart.element);
  chart.show(windows, range);
  // The rate's windows are these windows: without one, there is nothing to rate.
  if (windows.length === 0) fill(engagement, h('p', {}, 'No activity in this range yet.'));
  else lazily(engagement, () => showEngagement(engagement, route.channel, granularity, range, ctx.signal));
  if (route.to) {
    live.textContent = 'Showing a closed range: clear "To" to follow live updates.';
    return;
  }
  let topPostsTimer: ReturnType<typeof setTimeout> | undefined;
  let firstEvent = true;
  ctx.signal.addEventListener('abort', () => clearTimeout(topPostsTimer));
  void followLive(route.channel, granularity, ctx.signal, {
    windows: (metrics) => {
      windows = mergeWindows(windows, metrics.windows, range);
      chart.show(windows, range);
      // The stream's first event repeats what the page just read: top posts need no second read.
      if (firstEvent) return void (firstEvent = false);
      // Top posts follow too, at most every 5 s: a burst of posts costs one read.
      topPostsTimer ??= setTimeout(() => {
        topPostsTimer = undefined;
        void showTopPosts(topPosts, route.channel, range);
      }, 5_000);
    },
    state: (state) => (live.textContent = LIVE_TEXT[state]),
    failed: (failure) => live.replaceWith(errorView(failure)),
  });
}

/** The finest page granularity the plan allows: hours on paid plans, days on Free. */
async function finestAllowed(): Promise<Granularity> {
  try {
    const { limits } = await organization();
    return PAGE_GRANULARITIES.find((g) => g !== 'minute' && limits.granularities.includes(g)) ?? 'day';
  } catch {
    return 'day';
  }
}

async function channelTitle(channel: string): Promise<string | null> {
  try {
    return (await trackedChannels()).find((tracked) => tracked.channel === channel)?.title ?? null;
  } catch {
    return null;
  }
}
