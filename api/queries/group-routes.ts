import { z } from 'zod';
import { parseChannelKey } from '../../schemas/channel-key';
import type { ClickHouseClient } from '../../platform/clients/clickhouse';
import { type ApiRoute, route } from '../http/route';
import { answerAbout, limit } from './content-schemas';
import {
  type GroupGranularity,
  GROUP_GRANULARITIES,
  groupActivity,
  groupTotals,
  newMemberDays,
  TOP_MEMBER_RANKINGS,
  topMembers,
} from './group-queries';
import { retentionCohorts } from './group-retention';
import { allowedRange, channelParams } from './metrics-request';
import { AppError } from '../../platform/errors';
import { isoDay, periodQuery, resolvePeriod } from './period';
import type { TrackedChannels } from './tracked-channels';

export interface GroupRoutesDeps {
  clickhouse: ClickHouseClient;
  database: string;
  channels: TrackedChannels;
}

const count = z.number().int();
const GroupCounts = {
  active_members: count.describe('Distinct members who sent at least one message.'),
  messages: count,
  messages_per_member: z.number().nullable().describe('Messages per active member; null when nobody wrote.'),
  joins: count.describe('Distinct members who joined.'),
  leaves: count.describe('Distinct members who left or were removed.'),
};
const GroupActivity = answerAbout({
  granularity: z.enum(GROUP_GRANULARITIES),
  totals: z.object(GroupCounts).describe('The whole period, each member counted once.'),
  windows: z.array(z.object({ window_start: z.string(), ...GroupCounts })),
}).meta({ id: 'GroupActivity' });
const TopMembers = answerAbout({
  members: z.array(
    z.object({
      member_id: z.string(),
      messages: count,
      active_days: count.describe('Days of the period on which the member wrote.'),
      replies_received: count.describe(
        'Replies other members wrote to the member’s messages; replies to oneself, to bots and to ' +
          'messages sent on behalf of a chat (channel posts, anonymous admins) do not count.',
      ),
    }),
  ),
}).meta({ id: 'GroupTopMembers' });
const measuredCount = count.nullable();
const GroupRetention = answerAbout({
  cohorts: z.array(
    z.object({
      day: z.string(),
      joined: count,
      stayed: measuredCount.describe(
        'Had not left by the end of the 7th day after joining; null until then.',
      ),
      active: measuredCount.describe('Wrote on days 1 to 7 after joining; null until then.'),
    }),
  ),
  measured: count,
  stayed_percent: z.number().nullable(),
  active_percent: z.number().nullable(),
}).meta({ id: 'GroupRetention' });

/**
 * What a Telegram group's members do: active members, messages, joins and leaves per window, the
 * top members, and new members' retention. Members are people, so only the organization that
 * connected the group reads them (the `messages` scope of chat-access.ts, as its messages), within
 * the plan's history. Not cached: the group-activity sink does not tell the cache of fresh rows.
 */
export function groupRoutes(deps: GroupRoutesDeps): ApiRoute[] {
  const { clickhouse: client, database } = deps;
  /** The group and the plan-checked period, rounded out to whole windows of `granularity` (days). */
  const readable = async (
    organizationId: string,
    key: string,
    query: { from?: string; to?: string },
    granularity: GroupGranularity = 'day',
  ) => {
    const group = parseChannelKey(key);
    // Any channel key is well-formed here (a client may hold any tracked channel): an X account
    // simply has no group.
    if (group.source !== 'telegram') throw new AppError('NOT_FOUND', 'X accounts have no group analytics');
    const plan = await deps.channels.planIfTracked(organizationId, group, 'messages');
    const range = allowedRange(plan, { ...resolvePeriod(query, 30), granularity });
    const about = { channel: key, from: range.from.toISOString(), to: range.to.toISOString() };
    return { group, range, about };
  };
  return [
    route({
      id: 'getGroupActivity',
      method: 'get',
      path: '/v1/channels/:channel/group/activity',
      summary: 'A group’s active members, messages per member, joins and leaves per day, week or month',
      description:
        'Days and weeks (Monday 00:00 UTC) as the group-activity topology counts them; a month counts ' +
        'each member once however many days they wrote. 30 days by default, rounded out to whole ' +
        'windows. Only for the organization that connected the group.',
      tag: 'groups',
      access: 'metrics:read',
      params: channelParams,
      query: z.object({ ...periodQuery, granularity: z.enum(GROUP_GRANULARITIES).default('day') }).strict(),
      response: GroupActivity,
      handle: async ({ principal, params, query }) => {
        const { group, range, about } = await readable(
          principal.organizationId,
          params.channel,
          query,
          query.granularity,
        );
        const [totals, windows] = await Promise.all([
          groupTotals(client, database, group, range),
          groupActivity(client, database, group, range, query.granularity),
        ]);
        return { ...about, granularity: query.granularity, totals, windows };
      },
    }),
    route({
      id: 'getGroupTopMembers',
      method: 'get',
      path: '/v1/channels/:channel/group/members/top',
      summary:
        'The members of a group who wrote most, or received most replies, in a period (30 days by default, whole days)',
      description:
        '`by=messages` (the default) ranks by messages sent, `by=replies_received` by replies other ' +
        'members wrote to the member’s messages, each counted on the day of the reply; only members ' +
        'with at least one of what they are ranked by, ties by member id. Only for the organization ' +
        'that connected the group.',
      tag: 'groups',
      access: 'metrics:read',
      params: channelParams,
      query: z
        .object({
          ...periodQuery,
          limit: limit(10),
          by: z.enum(TOP_MEMBER_RANKINGS).default('messages').describe('What members are ranked by.'),
        })
        .strict(),
      response: TopMembers,
      handle: async ({ principal, params, query }) => {
        const { group, range, about } = await readable(principal.organizationId, params.channel, query);
        const members = await topMembers(client, database, group, range, query.limit, query.by);
        return { ...about, members };
      },
    }),
    route({
      id: 'getGroupRetention',
      method: 'get',
      path: '/v1/channels/:channel/group/retention',
      summary: 'Of the members who joined each day, how many stayed and how many wrote in the 7 days after',
      tag: 'groups',
      access: 'metrics:read',
      params: channelParams,
      query: z.object(periodQuery).strict(),
      response: GroupRetention,
      handle: async ({ principal, params, query }) => {
        const { group, range, about } = await readable(principal.organizationId, params.channel, query);
        const members = await newMemberDays(client, database, group, range);
        return {
          ...about,
          ...retentionCohorts(members, isoDay(range.from), isoDay(range.to), isoDay(Date.now())),
        };
      },
    }),
  ];
}
