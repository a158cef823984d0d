/** Searching the channel's posts in the page's range. */
import { call } from '../api';
import { errorView } from '../error-view';
import { field, formValues, h, replace } from '../dom';
import { excerpt, formatWindow } from '../format';
import { client } from '../session';

/** A search form whose results replace the list below it. */
export function searchSection(channel: string, range: { from: string; to?: string }): HTMLElement {
  const results = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'inline-form search-form', role: 'search', 'data-testid': 'search-form' },
    field('Words to find', { id: 'search-q', name: 'q', type: 'search', required: true, maxlength: 200 }),
    h('button', { type: 'submit', class: 'secondary' }, 'Search'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const q = (formValues(form).q ?? '').trim();
    if (!q) return;
    replace(results, h('p', { class: 'hint' }, 'Searching…'));
    call(() =>
      client.GET('/v1/channels/{channel}/posts/search', {
        params: { path: { channel }, query: { ...range, q, limit: 20 } },
      }),
    )
      .then(({ posts }) =>
        replace(
          results,
          posts.length === 0
            ? h('p', {}, `No posts in this range contain “${q}”.`)
            : h(
                'ol',
                { class: 'post-list', 'data-testid': 'search-results' },
                ...posts.map((post) =>
                  h(
                    'li',
                    { class: 'post' },
                    h('p', {}, excerpt(post.text)),
                    h(
                      'p',
                      { class: 'hint' },
                      h('time', { datetime: post.posted_at }, formatWindow(post.posted_at, 'minute')),
                    ),
                  ),
                ),
              ),
        ),
      )
      .catch((failure: unknown) => replace(results, errorView(failure)));
  });
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'search-heading' },
    h('h2', { id: 'search-heading' }, 'Search posts'),
    form,
    results,
  );
}
