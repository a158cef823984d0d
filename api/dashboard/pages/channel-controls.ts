/** The channel page's settings: the granularity switch and the date range, as one form. */
import { h } from '../dom';
import { type Granularity, PAGE_GRANULARITIES, fromLocalInput, toLocalInput } from '../format';
import type { PageContext } from '../page';
import type { Route } from '../routes';

export type ChannelRoute = Extract<Route, { page: 'channel' }>;

/** The granularity switch and the date range, as one form: applying it changes the route. */
export function controls(
  ctx: PageContext,
  route: ChannelRoute,
  granularity: Granularity,
  range: { from: string; to?: string },
): HTMLFormElement {
  const radios = PAGE_GRANULARITIES.map((g) =>
    h(
      'label',
      { class: 'segment' },
      h('input', {
        type: 'radio',
        name: 'granularity',
        value: g,
        id: `granularity-${g}`,
        checked: g === granularity,
      }),
      ` ${g[0]!.toUpperCase()}${g.slice(1)}`,
    ),
  );
  const from = h('input', {
    type: 'datetime-local',
    id: 'range-from',
    name: 'from',
    value: toLocalInput(new Date(range.from)),
  });
  const to = h('input', {
    type: 'datetime-local',
    id: 'range-to',
    name: 'to',
    value: range.to ? toLocalInput(new Date(range.to)) : '',
  });
  const form = h(
    'form',
    { class: 'controls', 'data-testid': 'range-form', 'aria-label': 'Chart settings' },
    h(
      'fieldset',
      { class: 'segments', 'data-testid': 'granularity' },
      h('legend', {}, 'Granularity'),
      ...radios,
    ),
    h('div', { class: 'field' }, h('label', { for: 'range-from' }, 'From'), from),
    h('div', { class: 'field' }, h('label', { for: 'range-to' }, 'To (empty: now, live)'), to),
    h('button', { type: 'submit', class: 'secondary' }, 'Apply range'),
  );
  form.addEventListener('change', (event) => {
    const target = event.target as HTMLInputElement;
    // A new granularity starts from its own default span: an hour's range in minutes may be too long.
    if (target.name === 'granularity')
      ctx.navigate({ page: 'channel', channel: route.channel, granularity: target.value as Granularity });
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const fromIso = fromLocalInput(from.value);
    const toIso = fromLocalInput(to.value);
    ctx.navigate({
      page: 'channel',
      channel: route.channel,
      granularity,
      ...(fromIso ? { from: fromIso } : {}),
      ...(toIso ? { to: toIso } : {}),
    });
  });
  return form;
}
