/** Invite a person by email with a role, and the pending invitations with Revoke (owners and admins). */
import type { ApiSchema } from '../../../client';
import { call } from '../../api';
import { field, fill, formValues, h, replace } from '../../dom';
import { formatWindow } from '../../format';
import type { PageContext } from '../../page';
import { client } from '../../session';
import { type Role, assignableRoles, roleName } from './access';
import { ask } from './dialog';
import { failureView, focusHeading, roleField, rowAction, rowButton, table } from './views';

type Invitation = ApiSchema<'Invitation'>;

/**
 * Fills the invite card with its form; `pending` is the card of pending invitations, listed again
 * after each invitation. The API mails the invitation's link: it never answers it to the page.
 */
export function showInviteForm(
  ctx: PageContext,
  section: HTMLElement,
  pending: HTMLElement,
  actor: Role,
): void {
  const result = h('div', { class: 'form-errors', 'data-testid': 'invite-result' });
  const form = h(
    'form',
    { class: 'inline-form org-form', 'data-testid': 'invite-form' },
    field('Email', { id: 'invite-email', name: 'email', type: 'email', autocomplete: 'off', required: true }),
    roleField('invite-role', assignableRoles(actor), 'viewer'),
    h('button', { type: 'submit', class: 'primary' }, 'Send invitation'),
    result,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void invite(ctx, form, result, pending);
  });
  fill(
    section,
    h(
      'p',
      { class: 'hint' },
      'We email them a link; they join with this role when they accept, within 7 days.',
    ),
    form,
  );
}

async function invite(ctx: PageContext, form: HTMLFormElement, result: HTMLElement, pending: HTMLElement) {
  const { email = '', role = 'viewer' } = formValues(form);
  const button = form.querySelector('button[type="submit"]') as HTMLButtonElement;
  button.disabled = true;
  replace(result);
  try {
    const sent = await call(() =>
      client.POST('/v1/organization/invitations', { body: { email: email.trim(), role: role as Role } }),
    );
    form.reset();
    const text = `Invitation sent to ${sent.email} as ${roleName(sent.role)}. It expires on ${formatWindow(sent.expires_at, 'day')}.`;
    replace(result, h('p', { class: 'success', role: 'status' }, text));
    await showInvitations(ctx, pending);
  } catch (failure) {
    replace(result, failureView(failure));
  } finally {
    button.disabled = false;
  }
}

/** Fills the pending invitations card: who was invited, as what, until when, and Revoke. */
export async function showInvitations(ctx: PageContext, section: HTMLElement): Promise<void> {
  try {
    const { invitations } = await call(() => client.GET('/v1/organization/invitations'));
    if (invitations.length === 0) {
      fill(section, h('p', { 'data-testid': 'invitations-empty' }, 'No pending invitations.'));
      return;
    }
    const errors = h('div', { class: 'form-errors' });
    const rows = invitations.map((invitation) => invitationRow(ctx, section, invitation, errors));
    fill(
      section,
      table(
        ['Email', 'Role', 'Invited', 'Expires', 'Actions'],
        rows,
        'invitations',
        'Pending invitations table',
      ),
      errors,
    );
  } catch (failure) {
    fill(section, failureView(failure));
  }
}

function invitationRow(
  ctx: PageContext,
  section: HTMLElement,
  invitation: Invitation,
  errors: HTMLElement,
): HTMLElement {
  const revoke = rowButton('Revoke', `Revoke the invitation of ${invitation.email}`, 'danger small');
  revoke.addEventListener('click', () => void revokeInvitation(ctx, section, invitation, errors));
  return h(
    'tr',
    { 'data-email': invitation.email },
    h('td', {}, invitation.email),
    h('td', {}, roleName(invitation.role)),
    h('td', {}, formatWindow(invitation.invited_at, 'day')),
    h('td', {}, formatWindow(invitation.expires_at, 'day')),
    h('td', { class: 'actions' }, revoke),
  );
}

async function revokeInvitation(
  ctx: PageContext,
  section: HTMLElement,
  invitation: Invitation,
  errors: HTMLElement,
): Promise<void> {
  const confirmed = await ask(section, {
    title: 'Revoke invitation',
    message: `Revoke the invitation of ${invitation.email}? The link we emailed stops working at once.`,
    confirm: 'Revoke invitation',
    danger: true,
  });
  if (!confirmed) return;
  const revoke = () =>
    call(() =>
      client.DELETE('/v1/organization/invitations/{invitation_id}', {
        params: { path: { invitation_id: invitation.id } },
      }),
    );
  await rowAction(ctx, errors, revoke, `Revoked the invitation of ${invitation.email}.`, async () => {
    await showInvitations(ctx, section);
    focusHeading(section);
  });
}
