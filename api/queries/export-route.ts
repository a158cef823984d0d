import { z } from 'zod';
import { type ChannelRef, parseChannelKey } from '../../schemas/channel-key';
import { requirePlan } from '../../billing/plans';
import { type ApiRoute, route } from '../http/route';
import type { CachedAnswerDeps } from './cached-answer';
import { GRANULARITIES, resolveRange } from './channel-metrics';
import { toCsv } from './csv';
import { channelParams, fromTrackedChannel, requireRangeAllowed } from './metrics-request';
import { isoDay, periodQuery } from './period';
import { ENGAGEMENT_SORTS, allPosts } from './post-queries';
import type { TrackedChannels } from './tracked-channels';
import { ACTIVITY_COUNTERS } from '../../schemas/activity-records';

export interface ExportRouteDeps extends CachedAnswerDeps {
  channels: TrackedChannels;
}

/** The most posts one export carries; a longer period is exported in parts. */
export const MAX_EXPORT_POSTS = 20_000; // built in memory: bounded so one export cannot starve the API

/**
 * `GET /v1/channels/:channel/export`: a channel's windows or posts as CSV (Pro and Enterprise),
 * for the editors of the organization (`metrics:export`). Exports are not cached: each is read
 * once, and a cached copy would only take Redis memory.
 */
export function exportRoute(deps: ExportRouteDeps): ApiRoute {
  return route({
    id: 'exportChannelData',
    method: 'get',
    path: '/v1/channels/:channel/export',
    summary: 'CSV of a channel’s windows (dataset=metrics) or posts with engagement (dataset=posts)',
    tag: 'metrics',
    access: 'metrics:export',
    params: channelParams,
    parametersFrom: fromTrackedChannel,
    query: z
      .object({
        ...periodQuery,
        dataset: z.enum(['metrics', 'posts']).default('metrics'),
        granularity: z.enum(GRANULARITIES).default('day'),
      })
      .strict(),
    produces: 'text/csv',
    handle: async ({ principal, params, query, res }) => {
      const channel = parseChannelKey(params.channel);
      // Posts are messages: a Telegram group's go only to the organization that connected it.
      const scope = query.dataset === 'posts' ? 'messages' : 'aggregates';
      const plan = await deps.channels.planIfTracked(principal.organizationId, channel, scope);
      requirePlan(plan, (limits) => limits.exports, 'CSV export');
      // Metrics ranges follow the granularity's bounds; posts, the metrics range's at `day`.
      const range = resolveRange({
        ...query,
        granularity: query.dataset === 'posts' ? 'day' : query.granularity,
      });
      requireRangeAllowed(plan, range);
      const csv =
        query.dataset === 'metrics'
          ? await metricsCsv(deps, channel, range)
          : await postsCsv(deps, channel, range, res);
      const name = `${channel.source}-${channel.channelId}-${query.dataset}-${isoDay(range.from)}.csv`;
      res.status(200);
      res.setHeader('content-type', 'text/csv; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="${name}"`);
      res.setHeader('cache-control', 'no-store');
      res.send(csv);
      return undefined;
    },
  });
}

async function metricsCsv(
  deps: ExportRouteDeps,
  channel: ChannelRef,
  range: ReturnType<typeof resolveRange>,
) {
  const windows = await deps.metrics.read(channel, range);
  return toCsv(
    ['window_start', ...ACTIVITY_COUNTERS],
    windows.map((window) => [window.window_start, ...ACTIVITY_COUNTERS.map((counter) => window[counter])]),
  );
}

async function postsCsv(
  deps: ExportRouteDeps,
  channel: ChannelRef,
  range: ReturnType<typeof resolveRange>,
  res: { setHeader(name: string, value: string): unknown },
) {
  const posts = await allPosts(deps.clickhouse, deps.database, channel, range, MAX_EXPORT_POSTS + 1);
  if (posts.length > MAX_EXPORT_POSTS) {
    posts.length = MAX_EXPORT_POSTS;
    res.setHeader('x-export-truncated', 'true'); // the caller asks again from the last post's time
  }
  return toCsv(
    [
      'post_id',
      'posted_at',
      'edited_at',
      'post_type',
      'text',
      'hashtags',
      'mentions',
      'links',
      ...ENGAGEMENT_SORTS,
    ],
    posts.map((post) => [
      post.post_id,
      post.posted_at,
      post.edited_at,
      post.post_type,
      post.text,
      post.hashtags.join(' '),
      post.mentions.join(' '),
      post.links.join(' '),
      ...ENGAGEMENT_SORTS.map((count) => post.engagement[count]),
    ]),
  );
}
