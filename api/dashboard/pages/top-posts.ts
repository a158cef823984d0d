/** The channel's top posts in the page's range, each with its engagement rate. */
import { call } from '../api';
import { errorView } from '../error-view';
import { fill, h } from '../dom';
import { ER_FORMULAS, formatRate, postsPeriod, ratesByPost } from '../engagement-series';
import { excerpt, formatCount, formatWindow } from '../format';
import { client } from '../session';

/** Fills `section` with the top 10 posts by interactions in `[from, to)`, then their rates. */
export async function showTopPosts(
  section: HTMLElement,
  channel: string,
  range: { from: string; to?: string },
) {
  let posts;
  try {
    ({ posts } = await call(() =>
      client.GET('/v1/channels/{channel}/posts/top', {
        params: { path: { channel }, query: { ...range, limit: 10 } },
      }),
    ));
  } catch (failure) {
    fill(section, errorView(failure));
    return;
  }
  if (posts.length === 0) {
    fill(section, h('p', {}, 'No posts in this range.'));
    return;
  }
  // Filled once the rates arrive: the posts show without waiting for a second answer.
  const rates = new Map(posts.map((post) => [post.post_id, h('span', { 'data-testid': 'post-rate' })]));
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
        rates.get(post.post_id),
      ),
    ),
  );
  fill(
    section,
    h('ol', { class: 'post-list', 'data-testid': 'top-posts' }, ...items),
    h('p', { class: 'hint' }, ER_FORMULAS.post),
  );
  await showRates(channel, postsPeriod(posts)!, rates);
}

/**
 * Asks the rates of the posts' period (one call, not one per post) and writes each beside its post.
 * Without them the posts still stand: a failure leaves the rates out.
 */
async function showRates(
  channel: string,
  period: { from: string; to: string },
  spans: Map<string, HTMLElement>,
): Promise<void> {
  try {
    const answer = await call(() =>
      client.GET('/v1/channels/{channel}/engagement/posts', {
        params: { path: { channel }, query: { ...period, limit: 100 } },
      }),
    );
    const rates = ratesByPost(answer.posts);
    for (const [postId, span] of spans) span.textContent = ` · ER ${formatRate(rates.get(postId))}`;
  } catch {
    // The rate is extra: the list is complete without it.
  }
}
