/** CSV export of the page's range: fetched with the access token, then saved as a file. */
import { call } from '../api';
import { errorView } from '../error-view';
import { h, replace } from '../dom';
import type { Granularity } from '../format';
import { client } from '../session';

/**
 * Two buttons, metrics and posts. A plain link cannot carry the Authorization header, so the file
 * is downloaded by the typed client and handed to the browser as an object URL.
 */
export function exportSection(
  channel: string,
  granularity: Granularity,
  range: { from: string; to?: string },
): HTMLElement {
  const status = h('div', { 'aria-live': 'polite' });
  const button = (dataset: 'metrics' | 'posts', label: string) => {
    const element = h('button', { type: 'button', class: 'secondary' }, label);
    element.addEventListener('click', () => {
      element.disabled = true;
      replace(status);
      call(() =>
        client.GET('/v1/channels/{channel}/export', {
          params: { path: { channel }, query: { ...range, dataset, granularity } },
          parseAs: 'blob',
        }),
      )
        .then((blob) => save(blob as Blob, `${channel.replace(':', '_')}-${dataset}.csv`))
        .catch((failure: unknown) => replace(status, errorView(failure)))
        .finally(() => (element.disabled = false));
    });
    return element;
  };
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'export-heading', 'data-testid': 'export' },
    h('h2', { id: 'export-heading' }, 'Export'),
    h('p', { class: 'hint' }, 'CSV of the range shown above.'),
    h(
      'div',
      { class: 'buttons' },
      button('metrics', 'Download metrics (CSV)'),
      button('posts', 'Download posts (CSV)'),
    ),
    status,
  );
}

function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
