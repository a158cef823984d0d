import { z } from 'zod';
import { type ChannelRef, channelKey, parseChannelKey } from '../../schemas/channel-key';
import { PLANS } from '../../billing/plans';
import type { Request, Response } from 'express';
import { type ApiRoute, route } from '../http/route';
import { anomalyField } from './anomalies';
import { Post, answerAbout, limit, searchWords, timeZone } from './content-schemas';
import { TERM_KINDS, audienceHistory, audienceMetric, hourOfWeek, topTerms } from './activity-queries';
import { type CachedAnswerDeps, cachedAnswer, sendAnswer } from './cached-answer';
import { metricsQuerySchema, resolveRange } from './channel-metrics';
import { allowedRange, channelParams, fromTrackedChannel } from './metrics-request';
import { type Period, periodQuery, questionKey, requireHistoryAllowed, resolvePeriod } from './period';
import { ENGAGEMENT_SORTS, topPosts } from './post-queries';
import { searchPosts } from './post-search';
import { SEARCH_RULES, SearchHit } from './search-route';
import { searchTerms } from './search-text';
import type { ReadScope } from './chat-access';
import type { TrackedChannels } from './tracked-channels';

export interface ContentRoutesDeps extends CachedAnswerDeps {
  channels: TrackedChannels;
}

/**
 * Questions about a tracked channel's content: top posts, search, hashtags and mentions, hour-of-week
 * activity, audience history. Each is scoped to the caller's organization (404 otherwise), bounded
 * by the plan's history, cached per channel until fresh data about it lands, and sent with an ETag.
 */
export function contentRoutes(deps: ContentRoutesDeps): ApiRoute[] {
  const { clickhouse: client, database } = deps;
  /**
   * The channel, if the caller's organization tracks it, may see it at `scope` (posts and search
   * show messages) and its plan reaches back to `from`.
   */
  const readable = async (organizationId: string, key: string, period: Period, scope: ReadScope) => {
    const channel = parseChannelKey(key);
    requireHistoryAllowed(await deps.channels.planIfTracked(organizationId, channel, scope), period.from);
    return channel;
  };
  /** The cached answer to a question about a channel over a period, sent with its ETag. */
  const answer = async (
    { req, res }: { req: Request; res: Response },
    channel: ChannelRef,
    period: Period,
    key: string,
    compute: () => Promise<object>,
  ) => {
    const about = {
      channel: channelKey(channel),
      from: period.from.toISOString(),
      to: period.to.toISOString(),
    };
    return sendAnswer(
      req,
      res,
      await cachedAnswer(deps, channel, key, async () => ({ ...about, ...(await compute()) })),
    );
  };
  return [
    route({
      id: 'getTopPosts',
      method: 'get',
      path: '/v1/channels/:channel/posts/top',
      summary: 'The most engaging posts of a period (7 days by default), by interactions or one count',
      tag: 'posts',
      access: 'metrics:read',
      params: channelParams,
      parametersFrom: fromTrackedChannel,
      query: z
        .object({ ...periodQuery, sort: z.enum(ENGAGEMENT_SORTS).default('interactions'), limit: limit(10) })
        .strict(),
      response: answerAbout({ sort: z.enum(ENGAGEMENT_SORTS), posts: z.array(Post) }),
      handle: async ({ principal, params, query, req, res }) => {
        const period = resolvePeriod(query, 7);
        const channel = await readable(principal.organizationId, params.channel, period, 'messages');
        const key = questionKey('top', period, query.sort, query.limit);
        return answer({ req, res }, channel, period, key, async () => ({
          sort: query.sort,
          posts: await topPosts(client, database, channel, period, query.sort, query.limit),
        }));
      },
    }),
    route({
      id: 'searchPosts',
      method: 'get',
      path: '/v1/channels/:channel/posts/search',
      summary: 'Posts holding every word of `q`, the most relevant first (30 days by default)',
      tag: 'posts',
      access: 'metrics:read',
      description: `The channel's part of GET /v1/search, cached. ${SEARCH_RULES}`,
      params: channelParams,
      parametersFrom: fromTrackedChannel,
      query: z
        .object({
          ...periodQuery,
          q: searchWords,
          limit: limit(20),
        })
        .strict(),
      response: answerAbout({ q: z.string(), posts: z.array(SearchHit) }),
      handle: async ({ principal, params, query, req, res }) => {
        const period = resolvePeriod(query, 30);
        const terms = searchTerms(query.q);
        const channel = await readable(principal.organizationId, params.channel, period, 'messages');
        // Named by the terms as matched: "Café" and "cafe" ask, and cache, one question.
        const key = questionKey('ranked-search', period, query.limit, JSON.stringify(terms));
        return answer({ req, res }, channel, period, key, async () => ({
          q: terms.join(' '),
          posts: await searchPosts(client, database, {
            channels: [channel],
            period,
            terms,
            postTypes: [],
            limit: query.limit,
          }),
        }));
      },
    }),
    route({
      id: 'getTopTerms',
      method: 'get',
      path: '/v1/channels/:channel/terms',
      summary: 'The hashtags or mentions used in most posts of a period (30 days by default)',
      tag: 'posts',
      access: 'metrics:read',
      params: channelParams,
      parametersFrom: fromTrackedChannel,
      query: z
        .object({ ...periodQuery, kind: z.enum(TERM_KINDS).default('hashtag'), limit: limit(20) })
        .strict(),
      response: answerAbout({
        kind: z.enum(TERM_KINDS),
        terms: z.array(z.object({ term: z.string(), posts: z.number().int() })),
      }),
      handle: async ({ principal, params, query, req, res }) => {
        const period = resolvePeriod(query, 30);
        const channel = await readable(principal.organizationId, params.channel, period, 'aggregates');
        const key = questionKey('terms', period, query.kind, query.limit);
        return answer({ req, res }, channel, period, key, async () => ({
          kind: query.kind,
          terms: await topTerms(client, database, channel, period, query.kind, query.limit),
        }));
      },
    }),
    route({
      id: 'getHourOfWeek',
      method: 'get',
      path: '/v1/channels/:channel/activity/hour-of-week',
      summary: 'Posts by day of week and hour in a time zone (30 days by default): all 168 cells',
      tag: 'posts',
      access: 'metrics:read',
      params: channelParams,
      parametersFrom: fromTrackedChannel,
      query: z
        .object({
          ...periodQuery,
          time_zone: timeZone.default('UTC'),
        })
        .strict(),
      response: answerAbout({
        time_zone: z.string(),
        cells: z.array(z.object({ day: z.number().int(), hour: z.number().int(), posts: z.number().int() })),
      }),
      handle: async ({ principal, params, query, req, res }) => {
        const period = resolvePeriod(query, 30);
        const channel = await readable(principal.organizationId, params.channel, period, 'aggregates');
        return answer(
          { req, res },
          channel,
          period,
          questionKey('hours', period, query.time_zone),
          async () => ({
            time_zone: query.time_zone,
            cells: await hourOfWeek(client, database, channel, period, query.time_zone),
          }),
        );
      },
    }),
    route({
      id: 'getAudienceHistory',
      method: 'get',
      path: '/v1/channels/:channel/audience',
      summary: 'Members (Telegram) or followers (X) per window: the last sample of each and its change',
      tag: 'metrics',
      access: 'metrics:read',
      params: channelParams,
      parametersFrom: fromTrackedChannel,
      query: metricsQuerySchema,
      response: answerAbout({
        metric: z.enum(['members', 'followers']),
        granularity: z.string(),
        windows: z.array(
          z.object({
            window_start: z.string(),
            count: z.number().int(),
            change: z.number().int().nullable(),
            anomaly: anomalyField,
          }),
        ),
      }),
      handle: async ({ principal, params, query, req, res }) => {
        const requested = resolveRange(query);
        const channel = parseChannelKey(params.channel);
        const plan = await deps.channels.planIfTracked(principal.organizationId, channel);
        const range = allowedRange(plan, requested);
        // The plan's reach is part of the question: the first change looks back before `from`.
        const historyDays = PLANS[plan].historyDays;
        const earliest = historyDays === null ? undefined : new Date(Date.now() - historyDays * 86_400_000);
        const key = questionKey('audience', range, range.granularity, historyDays ?? 'all');
        return answer({ req, res }, channel, range, key, async () => ({
          metric: audienceMetric(channel),
          granularity: range.granularity,
          windows: await audienceHistory(client, database, channel, range, range.granularity, earliest),
        }));
      },
    }),
  ];
}
