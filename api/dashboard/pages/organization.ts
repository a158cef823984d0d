/**
 * The organization: its plan and billing (Checkout, the Customer Portal), members and roles,
 * invitations, API keys. Each control shows only to the roles the API lets use it
 * (organization/access.ts); the API still decides, and its 403 is shown as the role's limit.
 */
import { call, lastRetryAfter } from '../api';
import { viewError } from '../api-errors';
import { errorView, upgradeButton } from '../error-view';
import { card, fill, h, replace } from '../dom';
import { formatWindow, planName } from '../format';
import { type PageContext, setTitle } from '../page';
import { organization } from '../plan';
import { client } from '../session';
import { type Abilities, abilities, roleName } from './organization/access';
import { showKeys } from './organization/api-keys';
import { showInvitations, showInviteForm } from './organization/invitations';
import { type Viewer, showMembers } from './organization/members';
import './organization/organization.css';

/** `#/organization`. Each section asks on its own: a viewer may read the plan but not billing. */
export async function organizationPage(ctx: PageContext): Promise<void> {
  setTitle('Organization');
  const heading = h('h1', {}, 'Organization');
  const billing = card('billing-heading', 'Plan and billing');
  const members = card('members-heading', 'Members');
  const keys = card('keys-heading', 'API keys');
  replace(ctx.main, heading, billing, members, keys);
  let viewer: Viewer;
  try {
    const me = await call(() => client.GET('/v1/me'));
    viewer = { role: me.role, userId: me.user_id };
  } catch (failure) {
    for (const section of [billing, members, keys]) fill(section, errorView(failure));
    return;
  }
  const can = abilities(viewer.role);
  if (!can.manageMembers) {
    const note = `Your role is ${roleName(viewer.role)}: owners and admins manage members, invitations and API keys.`;
    fill(members, h('p', { 'data-testid': 'role-note' }, note));
    keys.remove();
    await showBilling(billing, heading, can);
    return;
  }
  const invite = card('invite-heading', 'Invite a member');
  const pending = card('invitations-heading', 'Pending invitations');
  members.after(invite, pending);
  showInviteForm(ctx, invite, pending, viewer.role);
  await Promise.all([
    showBilling(billing, heading, can),
    showMembers(ctx, members, viewer),
    showInvitations(ctx, pending),
    showKeys(ctx, keys, can),
  ]);
}

async function showBilling(section: HTMLElement, heading: HTMLElement, can: Abilities): Promise<void> {
  try {
    const org = await organization();
    heading.textContent = org.name;
    const plan = h('p', { 'data-testid': 'current-plan' }, `${planName(org.plan)} plan`);
    if (!can.readBilling) {
      fill(section, plan, h('p', { class: 'hint' }, 'Owners manage the plan and billing.'));
      return;
    }
    const subscription = await call(() => client.GET('/v1/billing/subscription'));
    if (subscription.status) plan.append(` · subscription ${subscription.status}`);
    const status = h('p', { class: 'hint', role: 'status' });
    const upgrades = (['pro', 'enterprise'] as const).filter((next) => rank(next) > rank(org.plan));
    const portal = h('button', { type: 'button', class: 'secondary' }, 'Manage billing');
    portal.addEventListener('click', () => void openPortal(portal, status));
    fill(
      section,
      plan,
      subscription.current_period_end
        ? h(
            'p',
            { class: 'hint' },
            `${subscription.cancel_at_period_end ? 'Ends' : 'Renews'} on ${formatWindow(subscription.current_period_end, 'day')}.`,
          )
        : null,
      can.manageBilling
        ? h(
            'div',
            { class: 'buttons' },
            ...upgrades.map((next) => upgradeButton(next, status)),
            org.plan === 'free' ? null : portal,
          )
        : h('p', { class: 'hint' }, 'Owners change the plan and billing.'),
      status,
    );
  } catch (failure) {
    fill(section, errorView(failure));
  }
}

const rank = (plan: string) => ['free', 'pro', 'enterprise'].indexOf(plan);

/** Opens Stripe's Customer Portal (change plan, payment method, cancel), back to this page. */
async function openPortal(button: HTMLButtonElement, status: HTMLElement): Promise<void> {
  button.disabled = true;
  status.textContent = 'Opening the billing portal…';
  try {
    const { url } = await call(() =>
      client.POST('/v1/billing/portal', { body: { return_url: location.href } }),
    );
    location.assign(url);
  } catch (failure) {
    status.textContent = viewError(failure, lastRetryAfter).message;
  } finally {
    button.disabled = false;
  }
}
