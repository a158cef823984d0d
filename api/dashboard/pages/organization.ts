/** The organization: its plan and billing (Checkout, the Customer Portal), members and roles, API keys. */
import { call, lastRetryAfter } from '../api';
import { viewError } from '../api-errors';
import { errorView, upgradeButton } from '../error-view';
import { card, fill, h, replace } from '../dom';
import { formatWindow, planName } from '../format';
import { type PageContext, setTitle } from '../page';
import { organization } from '../plan';
import { client } from '../session';

/** `#/organization`. Each section asks on its own: a viewer may read members but not billing. */
export async function organizationPage(ctx: PageContext): Promise<void> {
  setTitle('Organization');
  const heading = h('h1', {}, 'Organization');
  const billing = card('billing-heading', 'Plan and billing');
  const members = card('members-heading', 'Members');
  const keys = card('keys-heading', 'API keys');
  replace(ctx.main, heading, billing, members, keys);
  await Promise.all([showBilling(billing, heading), showMembers(members), showKeys(keys)]);
}

async function showBilling(section: HTMLElement, heading: HTMLElement): Promise<void> {
  try {
    const org = await organization();
    heading.textContent = org.name;
    const subscription = await call(() => client.GET('/v1/billing/subscription'));
    const status = h('p', { class: 'hint', role: 'status' });
    const upgrades = (['pro', 'enterprise'] as const).filter((plan) => rank(plan) > rank(org.plan));
    const portal = h('button', { type: 'button', class: 'secondary' }, 'Manage billing');
    portal.addEventListener('click', () => void openPortal(portal, status));
    fill(
      section,
      h(
        'p',
        { 'data-testid': 'current-plan' },
        `${planName(org.plan)} plan`,
        subscription.status ? ` · subscription ${subscription.status}` : '',
      ),
      subscription.current_period_end
        ? h(
            'p',
            { class: 'hint' },
            `${subscription.cancel_at_period_end ? 'Ends' : 'Renews'} on ${formatWindow(subscription.current_period_end, 'day')}.`,
          )
        : null,
      h(
        'div',
        { class: 'buttons' },
        ...upgrades.map((plan) => upgradeButton(plan, status)),
        org.plan === 'free' ? null : portal,
      ),
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

async function showMembers(section: HTMLElement): Promise<void> {
  try {
    const { members } = await call(() => client.GET('/v1/organization/members'));
    const rows = members.map((member) =>
      h(
        'tr',
        {},
        h('td', {}, member.email),
        h('td', {}, member.role),
        h('td', {}, formatWindow(member.joined_at, 'day')),
      ),
    );
    fill(section, table(['Email', 'Role', 'Joined'], rows, 'members', 'Members table'));
  } catch (failure) {
    fill(section, errorView(failure));
  }
}

async function showKeys(section: HTMLElement): Promise<void> {
  try {
    const { limits } = await organization();
    if (!limits.api_keys) {
      fill(section, h('p', {}, 'API keys come with the Enterprise plan.'));
      return;
    }
    const { api_keys: keys } = await call(() => client.GET('/v1/api-keys'));
    if (keys.length === 0) {
      fill(section, h('p', {}, 'No API keys yet. Create one with POST /v1/api-keys (docs/api.md).'));
      return;
    }
    const rows = keys.map((key) =>
      h(
        'tr',
        {},
        h('td', {}, key.name),
        h('td', {}, key.role),
        h('td', {}, formatWindow(key.created_at, 'day')),
        h('td', {}, key.last_used_at ? formatWindow(key.last_used_at, 'day') : 'never'),
      ),
    );
    fill(section, table(['Name', 'Role', 'Created', 'Last used'], rows, 'api-keys', 'API keys table'));
  } catch (failure) {
    fill(section, errorView(failure));
  }
}

/** A table in a scroll box that a keyboard can reach (a phone may be narrower than the table). */
function table(columns: string[], rows: HTMLElement[], testId: string, label: string): HTMLElement {
  return h(
    'div',
    { class: 'scroll', role: 'region', 'aria-label': label, tabindex: 0 },
    h(
      'table',
      { 'data-testid': testId },
      h('thead', {}, h('tr', {}, ...columns.map((column) => h('th', { scope: 'col' }, column)))),
      h('tbody', {}, ...rows),
    ),
  );
}
