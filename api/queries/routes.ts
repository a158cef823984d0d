import { z } from 'zod';
import { parseChannelKey } from '../../schemas/channel-key';
import { type ApiRoute, foundOrNotFound, route } from '../http/route';
import { storedName } from '../http/stored-text';
import { metricsQuerySchema, resolveRange } from './channel-metrics';
import { type CachedAnswerDeps, metricsAnswer, sendAnswer } from './cached-answer';
import { anomalyField } from './anomalies';
import { allowedRange, channelKeyText, channelParams, fromTrackedChannel } from './metrics-request';
import type { TrackedChannels } from './tracked-channels';

export interface QueryRoutesDeps extends CachedAnswerDeps {
  channels: TrackedChannels;
}

const Channel = z
  .object({
    channel: z.string(),
    source: z.enum(['telegram', 'twitter']),
    channel_id: z.string(),
    title: z.string().nullable(),
    added_at: z.string(),
  })
  .meta({ id: 'TrackedChannel' });
/** An engagement counter of a window: a net change, negative when more was withdrawn than added. */
const netChange = (counter: string) =>
  z
    .number()
    .int()
    .describe(`Net change of ${counter} on the channel's posts, as observed during the window.`);

const ChannelMetrics = z
  .object({
    channel: z.string(),
    source: z.enum(['telegram', 'twitter']),
    granularity: z.string(),
    from: z.string(),
    to: z.string(),
    windows: z.array(
      z.object({
        window_start: z.string(),
        posts: z.number().int().describe('Posts published in the window.'),
        edits: z.number().int().describe('Edits made in the window.'),
        reactions: netChange('reactions'),
        replies: netChange('replies'),
        forwards: netChange('forwards'),
        views: netChange('views'),
        likes: netChange('likes'),
        reposts: netChange('reposts'),
        anomaly: anomalyField,
      }),
    ),
  })
  .meta({ id: 'ChannelMetrics' });

/** Tracked channels and their metrics; a channel's data is readable only by organizations tracking it. */
export function queryRoutes(deps: QueryRoutesDeps): ApiRoute[] {
  return [
    route({
      id: 'listChannels',
      method: 'get',
      path: '/v1/channels',
      summary: 'Channels and accounts your organization tracks',
      tag: 'channels',
      access: 'channels:read',
      response: z.object({ channels: z.array(Channel) }),
      handle: async ({ principal }) => ({ channels: await deps.channels.list(principal.organizationId) }),
    }),
    route({
      id: 'trackChannel',
      method: 'post',
      path: '/v1/channels',
      summary: 'Track a Telegram channel or group, or an X account (Free: up to 3)',
      tag: 'channels',
      access: 'channels:write',
      status: 201,
      body: z.object({ channel: channelKeyText, title: storedName(200).optional() }).strict(),
      response: Channel,
      handle: async ({ principal, body }) =>
        deps.channels.add(principal.organizationId, parseChannelKey(body.channel), body.title ?? null),
    }),
    route({
      id: 'untrackChannel',
      method: 'delete',
      path: '/v1/channels/:channel',
      summary: 'Stop tracking a channel',
      tag: 'channels',
      access: 'channels:write',
      params: channelParams,
      parametersFrom: fromTrackedChannel,
      status: 204,
      handle: async ({ principal, params }) =>
        foundOrNotFound(
          await deps.channels.remove(principal.organizationId, parseChannelKey(params.channel)),
          'your organization does not track this channel',
        ),
    }),
    route({
      id: 'getChannelMetrics',
      method: 'get',
      path: '/v1/channels/:channel/metrics',
      summary: 'Posts per window (Free: daily and coarser, the last 30 days)',
      tag: 'metrics',
      access: 'metrics:read',
      params: channelParams,
      parametersFrom: fromTrackedChannel,
      query: metricsQuerySchema,
      response: ChannelMetrics,
      handle: async ({ principal, params, query, req, res }) => {
        const channel = parseChannelKey(params.channel);
        const plan = await deps.channels.planIfTracked(principal.organizationId, channel);
        const range = allowedRange(plan, resolveRange(query));
        return sendAnswer(req, res, await metricsAnswer(deps, channel, range));
      },
    }),
  ];
}
