/** When the channel posts: the hour-of-week heatmap of the last 30 days, in the viewer's time zone. */
import type { paths } from '../../client';
import { call } from '../api';
import { errorView } from '../error-view';
import { fill, h } from '../dom';
import { DAY_NAMES, busiest, heatmapGrid, shade } from '../heatmap-grid';
import { client } from '../session';

type TimeZone = NonNullable<
  NonNullable<
    paths['/v1/channels/{channel}/activity/hour-of-week']['get']['parameters']['query']
  >['time_zone']
>;

/** Fills `section` with a table: a row per day, a column per hour, each cell's posts as text and shade. */
export async function showHeatmap(section: HTMLElement, channel: string): Promise<void> {
  // The browser's zone; the API also accepts ICU's other spellings of it.
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone as TimeZone;
  try {
    const answer = await call(() =>
      client.GET('/v1/channels/{channel}/activity/hour-of-week', {
        params: { path: { channel }, query: { time_zone: zone } },
      }),
    );
    const { rows, max } = heatmapGrid(answer.cells);
    const top = busiest(answer.cells);
    const head = h(
      'tr',
      {},
      h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Day')),
      ...rows[0]!.map((_, hour) => h('th', { scope: 'col' }, String(hour).padStart(2, '0'))),
    );
    const body = rows.map((row, day) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, DAY_NAMES[day]!.slice(0, 3)),
        ...row.map((posts) =>
          h('td', { class: `heat heat-${shade(posts, max)}` }, posts === 0 ? '' : String(posts)),
        ),
      ),
    );
    fill(
      section,
      h('p', { class: 'hint' }, `Posts of the last 30 days by weekday and hour, in ${answer.time_zone}.`),
      h('p', {}, top ? `Busiest: ${top}.` : 'No posts in the last 30 days.'),
      h(
        'div',
        { class: 'scroll', role: 'region', 'aria-label': 'Weekly posting pattern', tabindex: 0 },
        h(
          'table',
          { class: 'heatmap', 'data-testid': 'heatmap' },
          h('thead', {}, head),
          h('tbody', {}, ...body),
        ),
      ),
    );
  } catch (failure) {
    fill(section, errorView(failure));
  }
}
