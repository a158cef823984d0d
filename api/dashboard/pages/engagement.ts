/** The channel's engagement rate per window of the page's range: a figure, a chart and its table. */
import { call } from '../api';
import { errorView } from '../error-view';
import { fill, h } from '../dom';
import {
  type EngagementWindow,
  ER_FORMULAS,
  engagementSummary,
  formatRate,
  rateColumns,
} from '../engagement-series';
import { type Granularity, formatCount, formatWindow, plural } from '../format';
import { mountPlot } from '../plot';
import { client } from '../session';

/** Fills `section` with the rate per window of `granularity` over `range`; a failure says why instead. */
export async function showEngagement(
  section: HTMLElement,
  channel: string,
  granularity: Granularity,
  range: { from: string; to?: string },
  signal: AbortSignal,
): Promise<void> {
  try {
    const { windows } = await call(() =>
      client.GET('/v1/channels/{channel}/engagement', {
        params: { path: { channel }, query: { granularity, ...range } },
      }),
    );
    const summary = engagementSummary(windows);
    const host = summary.rated > 0 ? h('div', { class: 'chart-canvas', 'aria-hidden': 'true' }) : null;
    fill(
      section,
      h('p', { class: 'hint', id: 'engagement-formula' }, ER_FORMULAS.window),
      h(
        'figure',
        { class: 'chart', 'data-testid': 'engagement-chart', 'aria-describedby': 'engagement-formula' },
        h('figcaption', {}, `Engagement rate per ${granularity}`),
        host,
        h('p', { 'data-testid': 'engagement-summary' }, summaryText(summary, granularity)),
        summary.rated > 0 ? table(windows, granularity) : null,
      ),
    );
    if (host) draw(host, windows, range, signal);
  } catch (failure) {
    fill(section, errorView(failure));
  }
}

function summaryText(summary: ReturnType<typeof engagementSummary>, granularity: Granularity): string {
  if (summary.mean === null || summary.best === null) {
    return summary.interactions === 0
      ? 'No interactions and no audience count in this range yet.'
      : `${plural(summary.interactions, 'interaction')}, but no audience count yet: the rate needs the members or followers.`;
  }
  return (
    `Average ER ${formatRate(summary.mean)} over ${plural(summary.rated, granularity)} with a known audience; ` +
    `highest ${formatRate(summary.best.rate)} (${formatWindow(summary.best.window_start, granularity)}).`
  );
}

function table(windows: readonly EngagementWindow[], granularity: Granularity): HTMLElement {
  const head = ['Window', 'Interactions', 'Audience', 'ER'].map((name) => h('th', { scope: 'col' }, name));
  return h(
    'details',
    {},
    h('summary', {}, 'Show the rates as a table'),
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, ...head)),
      h(
        'tbody',
        {},
        ...windows.map((window) =>
          h(
            'tr',
            {},
            h('td', {}, formatWindow(window.window_start, granularity)),
            h('td', {}, formatCount(window.interactions)),
            h('td', {}, formatCount(window.audience)),
            h('td', {}, formatRate(window.engagement_rate)),
          ),
        ),
      ),
    ),
  );
}

function draw(
  host: HTMLElement,
  windows: readonly EngagementWindow[],
  range: { from: string; to?: string },
  signal: AbortSignal,
): void {
  // The page's range on x, as the posts chart above has it, not just the windows with activity.
  const span: [number, number] = [
    Date.parse(range.from) / 1000,
    (range.to === undefined ? Date.now() : Date.parse(range.to)) / 1000,
  ];
  mountPlot(
    host,
    {
      height: 240,
      legend: { show: false },
      series: [{}, { label: 'ER', stroke: '#047857', width: 2, spanGaps: false }],
      scales: {
        x: { time: true, range: () => span },
        y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
      },
      axes: [{}, { label: 'ER (%)', size: 60, values: (_u, ticks) => ticks.map((tick) => `${tick}%`) }],
    },
    rateColumns(windows),
    signal,
  );
}
