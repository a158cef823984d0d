import { z } from 'zod';
import type { ApiKeys } from '../auth/api-keys';
import { API_KEY_ROLES, ROLES } from '../auth/permissions';
import { requireUser } from '../auth/principal';
import { PLAN_IDS, PLANS, requirePlan } from '../../billing/plans';
import { type ApiRoute, type ParametersFrom, foundOrNotFound, route } from '../http/route';
import { storedName } from '../http/stored-text';
import type { Members } from './members';
import type { Organizations } from './organizations';

export interface OrganizationRoutesDeps {
  organizations: Organizations;
  members: Members;
  apiKeys: ApiKeys;
}

const Limits = z.object({
  max_channels: z.number().int().nullable(),
  granularities: z.array(z.string()),
  history_days: z.number().int().nullable(),
  exports: z.boolean(),
  api_keys: z.boolean(),
  requests_per_minute: z.number().int(),
});
const OrganizationBody = z
  .object({
    id: z.uuid(),
    name: z.string(),
    plan: z.enum(PLAN_IDS),
    subscription_status: z.string().nullable(),
    limits: Limits,
  })
  .meta({ id: 'Organization' });
const Member = z
  .object({ user_id: z.uuid(), email: z.string(), role: z.enum(ROLES), joined_at: z.string() })
  .meta({ id: 'Member' });
const ApiKey = z
  .object({
    id: z.uuid(),
    name: z.string(),
    role: z.enum(API_KEY_ROLES),
    created_at: z.string(),
    last_used_at: z.string().nullable().describe('Recorded at most once a minute.'),
    expires_at: z.string().nullable().describe('When the key stops working; null for never.'),
  })
  .meta({ id: 'ApiKey' });
const expiresAt = z.iso
  .datetime({ offset: true })
  .refine((value) => Date.parse(value) > Date.now(), 'must be in the future')
  .optional()
  .describe(
    'When the key stops working (ISO 8601 with an offset, in the future); without it the key works until revoked.',
  );
const userParams = z.object({ user_id: z.uuid() }).strict();
/** A member's id from the member list (its first member: in a new organization, its owner). */
const fromMemberList: ParametersFrom[] = [
  { operationId: 'listMembers', parameters: { user_id: '$response.body#/members/0/user_id' } },
];

/** The caller's organization: its plan and limits, members and roles, API keys. */
export function organizationRoutes(deps: OrganizationRoutesDeps): ApiRoute[] {
  return [
    route({
      id: 'getOrganization',
      method: 'get',
      path: '/v1/organization',
      summary: "Your organization, its plan and the plan's limits",
      tag: 'organization',
      access: 'organization:read',
      response: OrganizationBody,
      handle: async ({ principal }) => {
        const organization = await deps.organizations.get(principal.organizationId);
        const plan = PLANS[organization.plan];
        return {
          ...organization,
          limits: {
            max_channels: plan.maxChannels,
            granularities: [...plan.granularities],
            history_days: plan.historyDays,
            exports: plan.exports,
            api_keys: plan.apiKeys,
            requests_per_minute: plan.requestsPerMinute,
          },
        };
      },
    }),
    route({
      id: 'listMembers',
      method: 'get',
      path: '/v1/organization/members',
      summary: 'Members and their roles',
      tag: 'organization',
      access: 'members:read',
      response: z.object({ members: z.array(Member) }),
      handle: async ({ principal }) => ({ members: await deps.members.list(principal.organizationId) }),
    }),
    route({
      id: 'changeMemberRole',
      method: 'patch',
      path: '/v1/organization/members/:user_id',
      summary: "Change a member's role (only owners touch owners; one owner always remains)",
      tag: 'organization',
      access: 'members:write',
      params: userParams,
      parametersFrom: fromMemberList,
      body: z.object({ role: z.enum(ROLES) }).strict(),
      status: 204,
      handle: async ({ principal, params, body }) => {
        await deps.members.changeRole(principal.organizationId, principal.role, params.user_id, body.role);
        return undefined;
      },
    }),
    route({
      id: 'removeMember',
      method: 'delete',
      path: '/v1/organization/members/:user_id',
      summary: 'Remove a member',
      tag: 'organization',
      access: 'members:write',
      params: userParams,
      parametersFrom: fromMemberList,
      status: 204,
      handle: async ({ principal, params }) => {
        await deps.members.remove(principal.organizationId, principal.role, params.user_id);
        return undefined;
      },
    }),
    route({
      id: 'listApiKeys',
      method: 'get',
      path: '/v1/api-keys',
      summary: "Your organization's API keys (never their secrets)",
      tag: 'organization',
      access: 'api_keys:manage',
      response: z.object({ api_keys: z.array(ApiKey) }),
      handle: async ({ principal }) => ({ api_keys: await deps.apiKeys.list(principal.organizationId) }),
    }),
    route({
      id: 'createApiKey',
      method: 'post',
      path: '/v1/api-keys',
      summary: 'Create an API key (Enterprise); its secret is shown this once',
      tag: 'organization',
      access: 'api_keys:manage',
      status: 201,
      body: z.object({ name: storedName(100), role: z.enum(API_KEY_ROLES), expires_at: expiresAt }).strict(),
      response: ApiKey.extend({ key: z.string().describe('Send as X-API-Key. Shown once; store it now.') }),
      handle: async ({ principal, body, res }) => {
        requirePlan(
          await deps.organizations.plan(principal.organizationId),
          (plan) => plan.apiKeys,
          'API keys',
        );
        const user = requireUser(principal, 'FORBIDDEN', 'API keys are created by signed-in users');
        res.set('Cache-Control', 'no-store'); // the secret, shown once, must not stay in any cache
        const expires = body.expires_at === undefined ? undefined : new Date(body.expires_at);
        return deps.apiKeys.create(user.organizationId, body.role, body.name, user.userId, expires);
      },
    }),
    route({
      id: 'revokeApiKey',
      method: 'delete',
      path: '/v1/api-keys/:key_id',
      summary: 'Revoke an API key; it stops working at once',
      tag: 'organization',
      access: 'api_keys:manage',
      params: z.object({ key_id: z.uuid() }).strict(),
      parametersFrom: [{ operationId: 'createApiKey', parameters: { key_id: '$response.body#/id' } }],
      status: 204,
      handle: async ({ principal, params }) =>
        foundOrNotFound(
          await deps.apiKeys.revoke(principal.organizationId, params.key_id),
          'no such API key in this organization',
        ),
    }),
  ];
}
