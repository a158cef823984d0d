/** The channel's top posts in the page's range. */
import { call } from '../api';
import { errorView } from '../error-view';
import { fill, h } from '../dom';
import { excerpt, formatCount, formatWindow } from '../format';
import { client } from '../session';

/** Fills `section` with the top 10 posts by interactions in `[from, to)`. */
export async function showTopPosts(
  section: HTMLElement,
  channel: string,
  range: { from: string; to?: string },
) {
  try {
    const { posts } = await call(() =>
      client.GET('/v1/channels/{channel}/posts/top', {
        params: { path: { channel }, query: { ...range, limit: 10 } },
      }),
    );
    if (posts.length === 0) {
      fill(section, h('p', {}, 'No posts in this range.'));
      return;
    }
    const items = posts.map((post) =>
      h(
        'li',
        { class: 'post' },
        h('p', {}, excerpt(post.text) || `(${post.post_type})`),
        h(
          'p',
          { class: 'hint' },
          h('time', { datetime: post.posted_at }, formatWindow(post.posted_at, 'minute')),
          ` · ${formatCount(post.engagement.interactions)} interactions`,
          post.engagement.views === null ? '' : ` · ${formatCount(post.engagement.views)} views`,
        ),
      ),
    );
    fill(section, h('ol', { class: 'post-list', 'data-testid': 'top-posts' }, ...items));
  } catch (failure) {
    fill(section, errorView(failure));
  }
}
