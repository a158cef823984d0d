import { z } from 'zod';
import { PLANS } from '../../billing/plans';
import { parseChannelKey } from '../../schemas/channel-key';
import { type ApiRoute, route } from '../http/route';
import { audienceForecast } from './audience-forecast';
import { type CachedAnswerDeps, cachedAnswer, sendAnswer, splitAnswer } from './cached-answer';
import { metricsQuerySchema, resolveRange } from './channel-metrics';
import {
  COMPARE_METRICS,
  type CompareSeries,
  MAX_COMPARED,
  channelList,
  compareSeries,
  parseChannelList,
} from './compare';
import { answerAbout, limit } from './content-schemas';
import { postEngagementRates, windowEngagementRates } from './engagement-queries';
import { allowedRange, channelParams, fromTrackedChannel } from './metrics-request';
import { periodQuery, questionKey, requireHistoryAllowed, resolvePeriod } from './period';
import type { TrackedChannels } from './tracked-channels';

export interface AnalyticsRoutesDeps extends CachedAnswerDeps {
  channels: TrackedChannels;
}

const rate = z
  .number()
  .nullable()
  .describe('Interactions ÷ audience × 100, in percent to 2 decimals; null when no audience is known.');
const EngagementWindows = answerAbout({
  granularity: z.string(),
  windows: z.array(
    z.object({
      window_start: z.string(),
      interactions: z.number().int(),
      audience: z.number().int().nullable(),
      engagement_rate: rate,
    }),
  ),
}).meta({ id: 'EngagementWindows' });
const PostEngagement = answerAbout({
  posts: z.array(
    z.object({
      post_id: z.string(),
      posted_at: z.string(),
      interactions: z.number().int(),
      audience: z.number().int().nullable(),
      engagement_rate: rate,
    }),
  ),
}).meta({ id: 'PostEngagementRates' });
const interval = z.object({ count: z.number().int(), lower: z.number().int(), upper: z.number().int() });
const AudienceForecast = z
  .object({
    channel: z.string(),
    metric: z.enum(['members', 'followers']),
    history_days: z.number().int(),
    last_day: z.string().nullable(),
    last_count: z.number().int().nullable(),
    status: z.enum(['ok', 'not_enough_history']),
    min_history_days: z.number().int(),
    days: z.array(z.object({ day: z.string() }).extend(interval.shape)).nullable(),
    in_7_days: interval.nullable(),
    in_30_days: interval.nullable(),
  })
  .meta({ id: 'AudienceForecast' });
const Comparison = z
  .object({
    metric: z.enum(COMPARE_METRICS),
    granularity: z.string(),
    from: z.string(),
    to: z.string(),
    channels: z.array(
      z.object({
        channel: z.string(),
        windows: z.array(z.object({ window_start: z.string(), value: z.number().nullable() })),
      }),
    ),
  })
  .meta({ id: 'ChannelComparison' });

/**
 * Engagement rate per window and per post, the audience forecast, and channels side by side: each
 * read of a channel checked as every other (tracked by the caller's organization, readable at its
 * scope, within the plan's granularities and history), and cached per channel until fresh data
 * about it lands (the forecast's fit and the engagement joins are the costly reads of a page).
 */
export function analyticsRoutes(deps: AnalyticsRoutesDeps): ApiRoute[] {
  const { clickhouse: client, database, metrics } = deps;
  return [
    route({
      id: 'getEngagementRate',
      method: 'get',
      path: '/v1/channels/:channel/engagement',
      summary:
        'Interactions per window and the engagement rate: interactions ÷ audience at the window’s end × 100',
      tag: 'metrics',
      access: 'metrics:read',
      params: channelParams,
      parametersFrom: fromTrackedChannel,
      query: metricsQuerySchema,
      response: EngagementWindows,
      handle: async ({ principal, params, query, req, res }) => {
        const channel = parseChannelKey(params.channel);
        const plan = await deps.channels.planIfTracked(principal.organizationId, channel);
        const range = allowedRange(plan, resolveRange(query));
        const key = questionKey('engagement', range, range.granularity);
        const answer = await cachedAnswer(deps, channel, key, async () => ({
          channel: params.channel,
          from: range.from.toISOString(),
          to: range.to.toISOString(),
          granularity: range.granularity,
          windows: await windowEngagementRates(client, database, metrics, channel, range),
        }));
        return sendAnswer(req, res, answer);
      },
    }),
    route({
      id: 'getPostEngagementRates',
      method: 'get',
      path: '/v1/channels/:channel/engagement/posts',
      summary:
        'Each post’s engagement rate: its interactions ÷ the audience when it was posted × 100 (7 days by default)',
      tag: 'posts',
      access: 'metrics:read',
      params: channelParams,
      parametersFrom: fromTrackedChannel,
      query: z.object({ ...periodQuery, limit: limit(20) }).strict(),
      response: PostEngagement,
      handle: async ({ principal, params, query, req, res }) => {
        const channel = parseChannelKey(params.channel);
        const period = resolvePeriod(query, 7);
        const plan = await deps.channels.planIfTracked(principal.organizationId, channel, 'messages');
        requireHistoryAllowed(plan, period.from);
        const key = questionKey('post-engagement', period, query.limit);
        const answer = await cachedAnswer(deps, channel, key, async () => ({
          channel: params.channel,
          from: period.from.toISOString(),
          to: period.to.toISOString(),
          posts: await postEngagementRates(client, database, channel, period, query.limit),
        }));
        return sendAnswer(req, res, answer);
      },
    }),
    route({
      id: 'getAudienceForecast',
      method: 'get',
      path: '/v1/channels/:channel/audience/forecast',
      summary:
        'Members or followers for each of the next 30 days with an 80% interval, or "not enough history"',
      description:
        'Damped additive Holt-Winters with a weekly season, fitted to the daily audience the plan may ' +
        'read (a year at most); at least 14 days of history, else `status` is `not_enough_history`.',
      tag: 'metrics',
      access: 'metrics:read',
      params: channelParams,
      parametersFrom: fromTrackedChannel,
      response: AudienceForecast,
      handle: async ({ principal, params, req, res }) => {
        const channel = parseChannelKey(params.channel);
        const plan = await deps.channels.planIfTracked(principal.organizationId, channel);
        const { historyDays } = PLANS[plan];
        // The fit starts from today's date: a new day asks a new question.
        const key = `forecast:${new Date().toISOString().slice(0, 10)}:${historyDays}`;
        const answer = await cachedAnswer(deps, channel, key, async () => ({
          channel: params.channel,
          ...(await audienceForecast(client, database, channel, historyDays)),
        }));
        return sendAnswer(req, res, answer);
      },
    }),
    route({
      id: 'compareChannels',
      method: 'get',
      path: '/v1/compare',
      summary: `One metric of up to ${MAX_COMPARED} tracked channels side by side, per window`,
      tag: 'metrics',
      access: 'metrics:read',
      query: metricsQuerySchema.extend({
        channels: channelList,
        metric: z.enum(COMPARE_METRICS).default('posts'),
      }),
      response: Comparison,
      handle: async ({ principal, query }) => {
        const channels = parseChannelList(query.channels);
        const plans = await Promise.all(
          channels.map((channel) => deps.channels.planIfTracked(principal.organizationId, channel)),
        );
        const range = allowedRange(plans[0]!, resolveRange(query));
        return {
          metric: query.metric,
          granularity: range.granularity,
          from: range.from.toISOString(),
          to: range.to.toISOString(),
          // Each channel's series cached as its own answer: fresh data about one channel leaves
          // the others' cached.
          channels: await Promise.all(
            channels.map(async (channel) => {
              const key = questionKey('compare', range, range.granularity, query.metric);
              const series = await cachedAnswer(deps, channel, key, () =>
                compareSeries(client, database, metrics, channel, range, query.metric),
              );
              return JSON.parse(splitAnswer(series).json.toString('utf8')) as CompareSeries;
            }),
          ),
        };
      },
    }),
  ];
}
