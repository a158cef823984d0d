/** Posts per window as a uPlot bar chart, with a text summary and a data table for people who cannot see it. */
import uPlot from 'uplot';
import { h, replace } from './dom';
import { mountPlot } from './plot';
import { type Granularity, WINDOW_SECONDS, formatCount, formatWindow, plural } from './format';
import { type PostWindow, postSeries, totalPosts } from './windows';

/**
 * The chart's figure carries `data-testid="posts-chart"`, `data-points` (posts plotted) and
 * `data-windows` (windows plotted), updated on every change, so a browser test can watch a live
 * post arrive.
 */
export class PostsChart {
  readonly element: HTMLElement;
  private readonly canvasHost = h('div', { class: 'chart-canvas' });
  private readonly summary = h('p', {
    class: 'chart-summary',
    'aria-live': 'polite',
    'data-testid': 'posts-summary',
  });
  private readonly table = h('tbody');
  private plot: uPlot | undefined;

  /** The x axis in seconds: the page's range, not the data's, so one window is not stretched across it. */
  private span: [number, number] = [0, 1];

  constructor(
    private readonly granularity: Granularity,
    private readonly signal: AbortSignal,
  ) {
    this.element = h(
      'figure',
      { class: 'chart', 'data-testid': 'posts-chart', 'data-points': 0, 'data-windows': 0 },
      h('figcaption', {}, `Posts per ${granularity}`),
      // The canvas says nothing to a screen reader: the summary and the table below do.
      h('div', { 'aria-hidden': 'true' }, this.canvasHost),
      this.summary,
      h(
        'details',
        {},
        h('summary', {}, 'Show the data as a table'),
        h(
          'table',
          {},
          h(
            'thead',
            {},
            h('tr', {}, h('th', { scope: 'col' }, 'Window'), h('th', { scope: 'col' }, 'Posts')),
          ),
          this.table,
        ),
      ),
    );
  }

  /** Draws `windows` (sorted by start) over `[from, to)` (ISO instants; no `to`: now). */
  show(windows: readonly PostWindow[], range: { from: string; to?: string }): void {
    const step = WINDOW_SECONDS[this.granularity];
    const data = postSeries(windows, {
      fromMs: Date.parse(range.from),
      toMs: range.to === undefined ? Date.now() : Date.parse(range.to),
      stepSeconds: step,
    });
    // Bars are centred on their window's start: half a window more on each side draws the first and last whole.
    this.span = [(data[0][0] ?? 0) - step / 2, (data[0].at(-1) ?? 1) + step / 2];
    const posts = totalPosts(windows);
    this.element.dataset.points = String(posts);
    this.element.dataset.windows = String(windows.length);
    this.summary.textContent =
      windows.length === 0
        ? 'No posts in this range yet.'
        : `${plural(posts, 'post')} in ${plural(windows.length, 'window')} of one ${this.granularity}.`;
    replace(
      this.table,
      ...windows.map((window) =>
        h(
          'tr',
          {},
          h('td', {}, formatWindow(window.window_start, this.granularity)),
          h('td', {}, formatCount(window.posts)),
        ),
      ),
    );
    // setData rescales through the x range function, which reads the span just set.
    if (this.plot) this.plot.setData(data);
    else this.plot = mountPlot(this.canvasHost, this.options(), data, this.signal);
  }

  private options(): Omit<uPlot.Options, 'width'> {
    const bars = uPlot.paths.bars?.({ size: [0.7, 60] });
    return {
      height: 260,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true, range: () => this.span },
        y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
      },
      series: [
        {},
        {
          label: 'Posts',
          stroke: '#1d4ed8',
          fill: 'rgba(29, 78, 216, 0.35)',
          paths: bars,
          points: { show: false },
        },
      ],
      axes: [{}, { label: 'Posts', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }],
    };
  }
}
