import { z } from 'zod';
import type { Mailer } from '../../platform/clients/mail';
import { AppError } from '../../platform/errors';
import type { AccessTokens } from '../auth/access-tokens';
import { invitationMail } from '../auth/account-mail';
import { ROLES } from '../auth/permissions';
import { requireUser } from '../auth/principal';
import {
  type BrowserCookieSettings,
  CSRF_COOKIE,
  REFRESH_COOKIE,
  setBrowserSession,
} from '../auth/browser-session';
import { TokenPair, tokenPair } from '../auth/routes';
import type { Sessions } from '../auth/sessions';
import { type ApiRoute, foundOrNotFound, route } from '../http/route';
import type { Invitations } from './invitations';

export interface InvitationRoutesDeps {
  invitations: Invitations;
  /** Accepting signs the invitee in to the organization they joined. */
  tokens: AccessTokens;
  sessions: Sessions;
  /** Accepting in a browser sets its session cookies, as sign-in does, so a reload stays in the organization joined. */
  browser: BrowserCookieSettings;
  mailer: Mailer;
  /** Where the links in mail point. */
  appUrl: string;
}

const Invitation = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role: z.enum(ROLES),
    invited_at: z.string(),
    expires_at: z.string(),
  })
  .meta({ id: 'Invitation' });
const email = z
  .email()
  .max(254)
  .transform((value) => value.toLowerCase());

/**
 * Membership by invitation: an admin invites an email, the invitee accepts with the mailed token
 * while signed in with that email. Inviting answers alike whether the email has an account.
 */
export function invitationRoutes(deps: InvitationRoutesDeps): ApiRoute[] {
  return [
    route({
      id: 'inviteMember',
      method: 'post',
      path: '/v1/organization/invitations',
      summary:
        'Invite an email with a role; they join when they accept (the same answer whether or not it has an account)',
      tag: 'organization',
      access: 'members:write',
      status: 202,
      body: z.object({ email, role: z.enum(ROLES) }).strict(),
      response: Invitation,
      otherResponses: { 503: 'The invitation mail could not be sent (MAIL_UNAVAILABLE); invite again' },
      handle: async ({ principal, body }) => {
        const user = requireUser(principal, 'FORBIDDEN', 'invitations are sent by signed-in users');
        const issued = await deps.invitations.invite(user.organizationId, user, body.email, body.role);
        const mail = invitationMail({
          appUrl: deps.appUrl,
          to: body.email,
          organizationName: issued.organizationName,
          role: body.role,
          token: issued.token,
          expiresAt: issued.invitation.expires_at,
        });
        await deps.mailer.send(mail).catch((error: unknown) => {
          throw new AppError('MAIL_UNAVAILABLE', 'the invitation mail could not be sent; invite again', {
            cause: error,
          });
        });
        return issued.invitation;
      },
    }),
    route({
      id: 'listInvitations',
      method: 'get',
      path: '/v1/organization/invitations',
      summary: 'Pending invitations (never their tokens)',
      tag: 'organization',
      access: 'members:read',
      response: z.object({ invitations: z.array(Invitation) }),
      handle: async ({ principal }) => ({
        invitations: await deps.invitations.list(principal.organizationId),
      }),
    }),
    route({
      id: 'revokeInvitation',
      method: 'delete',
      path: '/v1/organization/invitations/:invitation_id',
      summary: 'Withdraw a pending invitation; its token stops working at once',
      tag: 'organization',
      access: 'members:write',
      params: z.object({ invitation_id: z.uuid() }).strict(),
      parametersFrom: [{ operationId: 'inviteMember', parameters: { invitation_id: '$response.body#/id' } }],
      status: 204,
      handle: async ({ principal, params }) =>
        foundOrNotFound(
          await deps.invitations.revoke(principal.organizationId, params.invitation_id),
          'no such invitation in this organization',
        ),
    }),
    route({
      id: 'acceptInvitation',
      method: 'post',
      path: '/v1/invitations/accept',
      summary:
        'Accept an invitation with its mailed token, signed in with the invited email: tokens for the organization joined',
      tag: 'organization',
      access: 'signed-in',
      description: `Also sets the browser session cookies ${REFRESH_COOKIE} and ${CSRF_COOKIE} (see refreshTokens).`,
      body: z.object({ token: z.string().min(20).max(100) }).strict(),
      response: TokenPair,
      handle: async ({ principal, body, req, res }) => {
        const { userId } = requireUser(principal, 'FORBIDDEN', 'invitations are accepted by signed-in users');
        const membership = await deps.invitations.accept(userId, body.token);
        res.set('Cache-Control', 'no-store');
        const pair = await tokenPair(deps.tokens, membership, await deps.sessions.start(membership));
        setBrowserSession(req, res, pair.refresh_token, deps.browser);
        return pair;
      },
    }),
  ];
}
