/** Members and their roles: change a role, remove a member (owners and admins; only owners touch owners). */
import type { ApiSchema } from '../../../client';
import { call } from '../../api';
import { fill, h } from '../../dom';
import { formatWindow } from '../../format';
import type { PageContext } from '../../page';
import { client } from '../../session';
import { type Role, assignableRoles, mayChange, roleName } from './access';
import { ask } from './dialog';
import { failureView, focusHeading, roleField, rowAction, rowButton, table } from './views';

type Member = ApiSchema<'Member'>;

/** Who is looking: their role and user id (to mark their own row). */
export interface Viewer {
  role: Role;
  userId: string | null;
}

/** Fills the members card: the table, with Change role and Remove where the viewer may use them. */
export async function showMembers(ctx: PageContext, section: HTMLElement, viewer: Viewer): Promise<void> {
  try {
    const { members } = await call(() => client.GET('/v1/organization/members'));
    const errors = h('div', { class: 'form-errors' });
    const refresh = async () => {
      await showMembers(ctx, section, viewer);
      focusHeading(section);
    };
    const rows = members.map((member) => memberRow(ctx, section, viewer, member, errors, refresh));
    fill(section, table(['Email', 'Role', 'Joined', 'Actions'], rows, 'members', 'Members table'), errors);
  } catch (failure) {
    fill(section, failureView(failure));
  }
}

function memberRow(
  ctx: PageContext,
  section: HTMLElement,
  viewer: Viewer,
  member: Member,
  errors: HTMLElement,
  refresh: () => Promise<void>,
): HTMLElement {
  const self = member.user_id === viewer.userId;
  const actions = h('td', { class: 'actions' });
  if (mayChange(viewer.role, member.role)) {
    const change = rowButton('Change role', `Change role of ${member.email}`);
    change.addEventListener('click', () => void changeRole(ctx, section, viewer, member, errors, refresh));
    actions.append(change);
    if (!self) {
      const remove = rowButton('Remove', `Remove ${member.email}`, 'danger small');
      remove.addEventListener('click', () => void removeMember(ctx, section, member, errors, refresh));
      actions.append(remove);
    }
  }
  return h(
    'tr',
    { 'data-email': member.email },
    h('td', {}, member.email, self ? h('span', { class: 'hint' }, ' (you)') : null),
    h('td', { 'data-role': member.role }, roleName(member.role)),
    h('td', {}, formatWindow(member.joined_at, 'day')),
    actions,
  );
}

async function changeRole(
  ctx: PageContext,
  section: HTMLElement,
  viewer: Viewer,
  member: Member,
  errors: HTMLElement,
  refresh: () => Promise<void>,
): Promise<void> {
  const answer = await ask(section, {
    title: 'Change role',
    message: `Choose the role of ${member.email}. It applies to their next request.`,
    confirm: 'Save role',
    fields: [roleField('member-role', assignableRoles(viewer.role), member.role)],
  });
  const role = answer?.role as Role | undefined;
  if (role === undefined || role === member.role) return;
  const patch = () =>
    call(() =>
      client.PATCH('/v1/organization/members/{user_id}', {
        params: { path: { user_id: member.user_id } },
        body: { role },
      }),
    );
  await rowAction(ctx, errors, patch, `${member.email} is now ${roleName(role)}.`, refresh);
}

async function removeMember(
  ctx: PageContext,
  section: HTMLElement,
  member: Member,
  errors: HTMLElement,
  refresh: () => Promise<void>,
): Promise<void> {
  const confirmed = await ask(section, {
    title: 'Remove member',
    message: `Remove ${member.email} from the organization? Their sessions and the API keys they created stop working at once.`,
    confirm: 'Remove member',
    danger: true,
  });
  if (!confirmed) return;
  const remove = () =>
    call(() =>
      client.DELETE('/v1/organization/members/{user_id}', { params: { path: { user_id: member.user_id } } }),
    );
  await rowAction(ctx, errors, remove, `Removed ${member.email}.`, refresh);
}
