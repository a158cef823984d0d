/** The channel's top hashtags and mentions in the page's range. */
import { call } from '../api';
import { errorView } from '../error-view';
import { fill, h } from '../dom';
import { formatCount } from '../format';
import { client } from '../session';

/** Fills `section` with two short lists, hashtags and mentions, each with its posts. */
export async function showTerms(section: HTMLElement, channel: string, range: { from: string; to?: string }) {
  const list = async (kind: 'hashtag' | 'mention', title: string) => {
    const { terms } = await call(() =>
      client.GET('/v1/channels/{channel}/terms', {
        params: { path: { channel }, query: { ...range, kind, limit: 10 } },
      }),
    );
    return h(
      'div',
      { class: 'terms' },
      h('h3', {}, title),
      terms.length === 0
        ? h('p', { class: 'hint' }, 'None in this range.')
        : h(
            'ol',
            {},
            ...terms.map(({ term, posts }) =>
              h('li', {}, `${term} `, h('span', { class: 'hint' }, `(${formatCount(posts)})`)),
            ),
          ),
    );
  };
  try {
    fill(
      section,
      h(
        'div',
        { class: 'columns' },
        ...(await Promise.all([list('hashtag', 'Hashtags'), list('mention', 'Mentions')])),
      ),
    );
  } catch (failure) {
    fill(section, errorView(failure));
  }
}
