import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ClickHouseClient } from '../../platform/clients/clickhouse';
import { AppError } from '../../platform/errors';
import { channelKey, isChannelKey, parseChannelKey } from '../../schemas/channel-key';
import { PLANS, requirePlan } from '../billing/plans';
import { type ApiRoute, SerializedJson, route } from '../http/route';
import { metricsQuerySchema, queryChannelMetrics, resolveRange } from './channel-metrics';
import type { MetricsCache } from './metrics-cache';
import type { TrackedChannels } from './tracked-channels';

export interface QueryRoutesDeps {
  clickhouse: ClickHouseClient;
  database: string;
  cache: MetricsCache;
  channels: TrackedChannels;
}

const channelKeyText = z
  .string()
  .max(64)
  .refine(isChannelKey, 'a channel looks like telegram:<chat_id> or twitter:<user_id>')
  .describe('telegram:<chat_id> or twitter:<user_id>');
const channelParams = z.object({ channel: channelKeyText }).strict();
const Channel = z
  .object({
    channel: z.string(),
    source: z.enum(['telegram', 'twitter']),
    channel_id: z.string(),
    title: z.string().nullable(),
    added_at: z.string(),
  })
  .meta({ id: 'TrackedChannel' });
const ChannelMetrics = z
  .object({
    channel: z.string(),
    source: z.enum(['telegram', 'twitter']),
    granularity: z.string(),
    from: z.string(),
    to: z.string(),
    windows: z.array(z.object({ window_start: z.string(), posts: z.number().int() })),
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
      body: z
        .object({ channel: channelKeyText, title: z.string().trim().min(1).max(200).optional() })
        .strict(),
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
      status: 204,
      handle: async ({ principal, params }) => {
        if (!(await deps.channels.remove(principal.organizationId, parseChannelKey(params.channel)))) {
          throw new AppError('NOT_FOUND', 'your organization does not track this channel');
        }
        return undefined;
      },
    }),
    route({
      id: 'getChannelMetrics',
      method: 'get',
      path: '/v1/channels/:channel/metrics',
      summary: 'Posts per window (Free: daily and coarser, the last 30 days)',
      tag: 'metrics',
      access: 'metrics:read',
      params: channelParams,
      query: metricsQuerySchema,
      response: ChannelMetrics,
      handle: async ({ principal, params, query, req, res }) => {
        const channel = parseChannelKey(params.channel);
        const plan = await deps.channels.planIfTracked(principal.organizationId, channel);
        const range = resolveRange(query);
        requirePlan(
          plan,
          (limits) => limits.granularities.includes(range.granularity),
          `${range.granularity} granularity`,
        );
        // A minute of slack, so "the last 30 days" asked a moment ago is still allowed.
        const reaches = (days: number | null) =>
          days === null || range.from.getTime() >= Date.now() - days * 86_400_000 - 60_000;
        requirePlan(
          plan,
          (limits) => reaches(limits.historyDays),
          `Metrics older than ${PLANS[plan].historyDays} days`,
        );
        const key = channelKey(channel);
        // Cached as `<etag>\n<json>`: a hit is answered without parsing, serializing or hashing.
        const cached = await deps.cache.getOrCompute(
          key,
          `${range.granularity}:${range.from.toISOString()}:${range.to.toISOString()}`,
          async () => {
            const json = JSON.stringify({
              channel: key,
              source: channel.source,
              granularity: range.granularity,
              from: range.from.toISOString(),
              to: range.to.toISOString(),
              windows: await queryChannelMetrics(deps.clickhouse, deps.database, channel, range),
            });
            return `"${createHash('sha1').update(json).digest('base64url')}"\n${json}`;
          },
        );
        const cut = cached.indexOf('\n');
        const etag = cached.slice(0, cut);
        // Clients may revalidate cheaply; the answer changes only when a newer window lands.
        res.setHeader('ETag', etag);
        res.setHeader('Cache-Control', 'private, max-age=15');
        if (req.header('if-none-match') === etag) {
          res.status(304).end();
          return undefined;
        }
        return new SerializedJson(cached.slice(cut + 1));
      },
    }),
  ];
}
