/** A tracked channel's posts per day for the last 14 days, as a sparkline beside its name. */
import { call } from '../api';
import { h } from '../dom';
import { plural } from '../format';
import { client } from '../session';
import { sparklinePath } from '../sparkline';
import { postSeries, totalPosts } from '../windows';

const DAYS = 14;
const WIDTH = 120;
const HEIGHT = 28;

/** A placeholder filled once the channel's daily metrics arrive; stays empty if they cannot be read. */
export function channelSparkline(channel: string): HTMLElement {
  const holder = h('span', { class: 'sparkline', 'data-testid': 'sparkline' });
  const fromMs = Date.now() - (DAYS - 1) * 86_400_000;
  call(() =>
    client.GET('/v1/channels/{channel}/metrics', {
      params: { path: { channel }, query: { granularity: 'day', from: new Date(fromMs).toISOString() } },
    }),
  )
    .then(({ windows }) => {
      const [, posts] = postSeries(windows, { fromMs, toMs: Date.now(), stepSeconds: 86_400 });
      const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
      svg.setAttribute('width', String(WIDTH));
      svg.setAttribute('height', String(HEIGHT));
      svg.setAttribute('aria-hidden', 'true');
      const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
      path.setAttribute('d', sparklinePath(posts, WIDTH, HEIGHT));
      svg.append(path);
      holder.append(
        svg,
        h('span', { class: 'hint' }, `${plural(totalPosts(windows), 'post')} in ${DAYS} days`),
      );
    })
    .catch(() => undefined);
  return holder;
}
