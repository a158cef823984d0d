/** The comparison's chart (a line per channel, with its legend) and the same numbers as a table. */
import { type CompareMetric, seriesStyle } from '../compare-series';
import { h } from '../dom';
import { formatRate } from '../engagement-series';
import { type Granularity, formatCount, formatWindow } from '../format';
import { mountPlot } from '../plot';

/** One channel's line: its name, its values on the shared x, and its figure for the legend. */
export interface Series {
  name: string;
  values: (number | null)[];
  figure: string;
}

const value = (metric: CompareMetric, v: number | null) =>
  metric === 'engagement_rate' ? formatRate(v) : formatCount(v);

/**
 * The figure (`data-testid="compare-chart"`, `data-series` the lines drawn) with the canvas hidden
 * from screen readers and a legend that is text: each channel's line style, name and figure.
 */
export function comparisonChart(
  metric: CompareMetric,
  granularity: Granularity,
  xs: number[],
  series: Series[],
  signal: AbortSignal,
): HTMLElement {
  const host = h('div', { class: 'chart-canvas' });
  const legend = h(
    'ul',
    { class: 'compare-legend', 'data-testid': 'compare-legend' },
    ...series.map((line, i) => {
      const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
      const style = seriesStyle(i);
      // CSSOM, not a style attribute: the page's Content Security Policy allows the one, not always the other.
      swatch.style.borderTopColor = style.stroke;
      swatch.style.borderTopStyle = style.dash ? 'dashed' : 'solid';
      return h('li', { 'data-channel': line.name }, swatch, h('strong', {}, line.name), ` · ${line.figure}`);
    }),
  );
  const figure = h(
    'figure',
    { class: 'chart', 'data-testid': 'compare-chart', 'data-series': series.length },
    h('figcaption', {}, `One line per channel, per ${granularity}`),
    h('div', { 'aria-hidden': 'true' }, host),
    legend,
  );
  if (xs.length === 0) {
    host.replaceWith(h('p', {}, 'No windows in this range.'));
    return figure;
  }
  mountPlot(
    host,
    {
      height: 300,
      legend: { show: false },
      series: [
        {},
        ...series.map((line, i) => ({
          label: line.name,
          ...seriesStyle(i),
          width: 2,
          spanGaps: false,
          points: { show: xs.length <= 60, size: 5 },
        })),
      ],
      scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      axes: [
        {},
        {
          size: 70,
          values: (_u, ticks) =>
            ticks.map((tick) => (metric === 'engagement_rate' ? `${tick}%` : formatCount(tick))),
        },
      ],
    },
    [xs, ...series.map((line) => line.values)],
    signal,
  );
  return figure;
}

/** The numbers behind the chart, a row per window and a column per channel, behind a disclosure. */
export function comparisonTable(
  granularity: Granularity,
  xs: number[],
  series: Series[],
  metric: CompareMetric,
): HTMLElement {
  return h(
    'details',
    {},
    h('summary', {}, 'Show the data as a table'),
    h(
      'div',
      { class: 'scroll', role: 'region', 'aria-label': 'Comparison data', tabindex: 0 },
      h(
        'table',
        { 'data-testid': 'compare-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Window'),
            ...series.map((line) => h('th', { scope: 'col' }, line.name)),
          ),
        ),
        h(
          'tbody',
          {},
          ...xs.map((x, row) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, formatWindow(new Date(x * 1000).toISOString(), granularity)),
              ...series.map((line) => h('td', {}, value(metric, line.values[row] ?? null))),
            ),
          ),
        ),
      ),
    ),
  );
}
