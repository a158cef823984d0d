/** Audience growth: members or followers per day for 30 days, then the 30-day forecast with its 80% band. */
import type uPlot from 'uplot';
import { call } from '../api';
import { errorView } from '../error-view';
import { fill, h } from '../dom';
import { formatCount, formatWindow } from '../format';
import { audienceColumns } from '../audience-series';
import { mountPlot } from '../plot';
import { client } from '../session';

const DAY_MS = 86_400_000;

/** Fills `section`; a plan or history that does not allow it shows why instead. */
export async function showAudience(
  section: HTMLElement,
  channel: string,
  signal: AbortSignal,
): Promise<void> {
  const path = { channel };
  try {
    const [history, forecast] = await Promise.all([
      call(() =>
        client.GET('/v1/channels/{channel}/audience', {
          params: {
            path,
            query: { granularity: 'day', from: new Date(Date.now() - 29 * DAY_MS).toISOString() },
          },
        }),
      ),
      call(() => client.GET('/v1/channels/{channel}/audience/forecast', { params: { path } })),
    ]);
    const noun = history.metric;
    const summary =
      forecast.last_count === null
        ? `No ${noun} counts observed yet.`
        : forecast.status === 'ok' && forecast.in_30_days
          ? `${formatCount(forecast.last_count)} ${noun} now; in 30 days about ${formatCount(forecast.in_30_days.count)} (80% between ${formatCount(forecast.in_30_days.lower)} and ${formatCount(forecast.in_30_days.upper)}).`
          : `${formatCount(forecast.last_count)} ${noun} now. A forecast needs ${forecast.min_history_days} days of history; ${forecast.history_days} so far.`;
    const anomalies = history.windows.filter((window) => window.anomaly);
    const columns = audienceColumns(history.windows, forecast.days ?? []);
    // Nothing observed and nothing forecast: the summary says so, without an empty frame.
    const host = columns[0].length > 0 ? h('div', { class: 'chart-canvas', 'aria-hidden': 'true' }) : null;
    fill(
      section,
      h(
        'figure',
        { class: 'chart', 'data-testid': 'audience-chart' },
        h('figcaption', {}, `${noun[0]!.toUpperCase()}${noun.slice(1)} per day`),
        host,
        h('p', {}, summary),
      ),
      anomalies.length === 0
        ? null
        : h(
            'ul',
            { class: 'plain', 'data-testid': 'audience-anomalies' },
            ...anomalies.map((window) =>
              h('li', {}, `Unusual change on ${formatWindow(window.window_start, 'day')}.`),
            ),
          ),
    );
    if (host) draw(host, columns, noun, signal);
  } catch (failure) {
    fill(section, errorView(failure));
  }
}

function draw(
  host: HTMLElement,
  data: ReturnType<typeof audienceColumns>,
  noun: string,
  signal: AbortSignal,
): void {
  mountPlot(
    host,
    {
      height: 240,
      legend: { show: false },
      series: [
        {},
        { label: noun, stroke: '#1d4ed8', width: 2, points: { show: false } },
        { label: 'forecast', stroke: '#1d4ed8', dash: [6, 4], width: 2, points: { show: false } },
        { label: 'lower', stroke: 'transparent', points: { show: false } },
        { label: 'upper', stroke: 'transparent', points: { show: false } },
        // Anomaly days: a red ring on the observed line, no line of its own.
        {
          label: 'anomaly',
          stroke: '#b91c1c',
          width: 0,
          paths: () => null,
          points: { show: true, size: 10, width: 2, stroke: '#b91c1c', fill: '#ffffff' },
        },
      ],
      bands: [{ series: [4, 3], fill: 'rgba(29, 78, 216, 0.15)' }],
      axes: [{}, { size: 60 }],
    },
    data as uPlot.AlignedData,
    signal,
  );
}
