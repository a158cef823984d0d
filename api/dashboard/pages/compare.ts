/** `#/compare`: one metric of up to ten tracked channels side by side, one line each. */
import { call } from '../api';
import {
  COMPARE_METRICS,
  type CompareMetric,
  type Comparison,
  MAX_COMPARED,
  compareColumns,
  compareFrom,
  metricLabel,
  pickChannels,
  seriesFigure,
} from '../compare-series';
import { card, fill, formValues, h, replace } from '../dom';
import { errorView } from '../error-view';
import { type Granularity, formatWindow } from '../format';
import { type PageContext, setTitle } from '../page';
import { type TrackedChannel, organization, trackedChannels } from '../plan';
import { COMPARE_GRANULARITIES, type Route } from '../routes';
import { client } from '../session';
import { comparisonChart, comparisonTable } from './compare-chart';

type CompareRoute = Extract<Route, { page: 'compare' }>;

/** Channels picked when the route names none: enough to compare, few enough to read. */
const FIRST_PICKS = 3;

/** `#/compare?channels=a,b&metric=&granularity=`. */
export async function comparePage(ctx: PageContext, route: CompareRoute): Promise<void> {
  setTitle('Compare channels');
  const settings = card('compare-settings-heading', 'Channels and metric');
  const result = card('compare-heading', 'Side by side');
  replace(
    ctx.main,
    h('p', {}, h('a', { href: '#/channels' }, '← All channels')),
    h('h1', {}, 'Compare channels'),
    settings,
    result,
  );
  let tracked: TrackedChannel[];
  try {
    tracked = await trackedChannels();
  } catch (failure) {
    fill(settings, errorView(failure));
    return void result.remove();
  }
  if (tracked.length === 0) {
    fill(settings, h('p', {}, 'No channels yet. ', h('a', { href: '#/channels' }, 'Track one first.')));
    return void result.remove();
  }
  const picked = pickChannels(
    route.channels,
    tracked.map((channel) => channel.channel),
  );
  const channels = picked.length > 0 ? picked : tracked.slice(0, FIRST_PICKS).map((c) => c.channel);
  const metric = route.metric ?? 'posts';
  const granularity = route.granularity ?? 'day';
  fill(settings, settingsForm(ctx, tracked, channels, metric, granularity));
  const names = new Map(tracked.map((channel) => [channel.channel, channel.title ?? channel.channel]));
  try {
    const { limits } = await organization();
    const answer = await call(() =>
      client.GET('/v1/compare', {
        params: {
          query: {
            channels: channels.join(','),
            metric,
            granularity,
            from: compareFrom(granularity, limits.history_days),
          },
        },
      }),
    );
    showComparison(result, answer, names, ctx.signal);
  } catch (failure) {
    fill(result, errorView(failure));
  }
}

function showComparison(
  section: HTMLElement,
  answer: Comparison,
  names: Map<string, string>,
  signal: AbortSignal,
): void {
  const columns = compareColumns(answer);
  const series = answer.channels.map((channel, i) => ({
    name: names.get(channel.channel) ?? channel.channel,
    values: columns[i + 1]!,
    figure: seriesFigure(answer.metric, columns[i + 1]!),
  }));
  const granularity = answer.granularity as Granularity;
  const period = `from ${formatWindow(answer.from, granularity)} until ${formatWindow(answer.to, granularity)}`;
  fill(
    section,
    h(
      'p',
      { class: 'hint' },
      `${metricLabel(answer.metric)} per ${granularity}, ${period}.`,
      answer.metric === 'engagement_rate'
        ? ' ER = interactions observed in the window ÷ the audience at its end × 100.'
        : '',
    ),
    comparisonChart(answer.metric, granularity, columns[0], series, signal),
    comparisonTable(granularity, columns[0], series, answer.metric),
  );
}

function settingsForm(
  ctx: PageContext,
  tracked: TrackedChannel[],
  picked: string[],
  metric: CompareMetric,
  granularity: Granularity,
): HTMLFormElement {
  const errors = h('div', { class: 'form-errors', role: 'alert' });
  const boxes = tracked.map((channel, i) =>
    h('input', {
      type: 'checkbox',
      name: 'channels',
      value: channel.channel,
      id: `compare-channel-${i}`,
      checked: picked.includes(channel.channel),
    }),
  );
  // At the limit, the boxes not picked wait until one is unpicked.
  const limit = () => {
    const full = boxes.filter((box) => box.checked).length >= MAX_COMPARED;
    for (const box of boxes) box.disabled = full && !box.checked;
  };
  limit();
  const form = h(
    'form',
    { class: 'controls compare-form', 'data-testid': 'compare-form', 'aria-label': 'Comparison settings' },
    h(
      'fieldset',
      { class: 'compare-channels' },
      h('legend', {}, `Channels (up to ${MAX_COMPARED})`),
      ...tracked.map((channel, i) =>
        h(
          'label',
          { class: 'check', for: `compare-channel-${i}` },
          boxes[i],
          ` ${channel.title ?? channel.channel}`,
        ),
      ),
    ),
    select('Metric', 'compare-metric', 'metric', COMPARE_METRICS, metric),
    select(
      'Granularity',
      'compare-granularity',
      'granularity',
      COMPARE_GRANULARITIES.map((g) => ({ value: g, label: `${g[0]!.toUpperCase()}${g.slice(1)}` })),
      granularity,
    ),
    h('button', { type: 'submit', class: 'primary', id: 'compare-submit' }, 'Compare'),
    errors,
  );
  form.addEventListener('change', limit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const channels = boxes.filter((box) => box.checked).map((box) => box.value);
    if (channels.length === 0) return void replace(errors, h('p', {}, 'Pick at least one channel.'));
    const values = formValues(form);
    ctx.navigate({
      page: 'compare',
      channels,
      metric: values.metric as CompareMetric,
      granularity: values.granularity as Granularity,
    });
  });
  return form;
}

function select(
  label: string,
  id: string,
  name: string,
  options: readonly { value: string; label: string }[],
  chosen: string,
): HTMLElement {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h(
      'select',
      { id, name },
      ...options.map((option) =>
        h('option', { value: option.value, selected: option.value === chosen }, option.label),
      ),
    ),
  );
}
