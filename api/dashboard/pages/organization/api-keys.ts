/** API keys (Enterprise; owners and admins): create one and see its secret once, revoke one. */
import type { ApiSchema } from '../../../client';
import { call } from '../../api';
import { field, fill, formValues, h, replace } from '../../dom';
import { upgradeButton } from '../../error-view';
import { formatWindow } from '../../format';
import type { PageContext } from '../../page';
import { organization } from '../../plan';
import { client } from '../../session';
import { type Abilities, KEY_ROLES, type Role, roleName } from './access';
import { ask } from './dialog';
import { keyExpiry, tomorrow } from './key-expiry';
import { showSecret } from './key-secret';
import { failureView, focusHeading, roleField, rowAction, rowButton, table } from './views';

type ApiKey = ApiSchema<'ApiKey'>;

/** Fills the API keys card: the plan's word on keys, or the create form, a new key's secret and the keys. */
export async function showKeys(ctx: PageContext, section: HTMLElement, can: Abilities): Promise<void> {
  try {
    const { limits } = await organization();
    if (!limits.api_keys) {
      const status = h('p', { class: 'hint', role: 'status' });
      fill(
        section,
        h('p', {}, 'API keys come with the Enterprise plan.'),
        can.manageBilling ? upgradeButton('enterprise', status) : null,
        status,
      );
      return;
    }
    const secret = h('div', { 'data-testid': 'api-key-secret-area' });
    const list = h('div', {});
    const refresh = () => showKeyList(ctx, section, list);
    fill(section, createForm(ctx, secret, refresh), secret, list);
    await refresh();
  } catch (failure) {
    fill(section, failureView(failure));
  }
}

function createForm(ctx: PageContext, secret: HTMLElement, refresh: () => Promise<void>): HTMLFormElement {
  const errors = h('div', { class: 'form-errors' });
  const form = h(
    'form',
    { class: 'inline-form org-form key-form', 'data-testid': 'api-key-form' },
    field('Key name', { id: 'key-name', name: 'name', type: 'text', maxlength: 100, required: true }),
    roleField('key-role', KEY_ROLES, 'viewer'),
    field(
      'Expires on (optional)',
      { id: 'key-expires', name: 'expires', type: 'date', min: tomorrow() },
      'Empty: it works until revoked.',
    ),
    h('button', { type: 'submit', class: 'primary' }, 'Create key'),
    errors,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void create(ctx, form, errors, secret, refresh);
  });
  return form;
}

async function create(
  ctx: PageContext,
  form: HTMLFormElement,
  errors: HTMLElement,
  secret: HTMLElement,
  refresh: () => Promise<void>,
): Promise<void> {
  const { name = '', role = 'viewer', expires = '' } = formValues(form);
  const button = form.querySelector('button[type="submit"]') as HTMLButtonElement;
  button.disabled = true;
  replace(errors);
  try {
    const expiresAt = keyExpiry(expires);
    const created = await call(() =>
      client.POST('/v1/api-keys', {
        body: {
          name: name.trim(),
          role: role as Exclude<Role, 'owner'>,
          ...(expiresAt ? { expires_at: expiresAt } : {}),
        },
      }),
    );
    form.reset();
    showSecret(secret, created.name, created.key);
    ctx.announce(`Created the key “${created.name}”. Copy it now: you will not see it again.`);
    await refresh();
  } catch (failure) {
    replace(errors, failureView(failure));
  } finally {
    button.disabled = false;
  }
}

async function showKeyList(ctx: PageContext, section: HTMLElement, list: HTMLElement): Promise<void> {
  try {
    const { api_keys: keys } = await call(() => client.GET('/v1/api-keys'));
    if (keys.length === 0) {
      replace(list, h('p', { 'data-testid': 'api-keys-empty' }, 'No API keys yet.'));
      return;
    }
    const errors = h('div', { class: 'form-errors' });
    const rows = keys.map((key) => keyRow(ctx, section, list, key, errors));
    replace(
      list,
      table(
        ['Name', 'Role', 'Created', 'Last used', 'Expires', 'Actions'],
        rows,
        'api-keys',
        'API keys table',
      ),
      errors,
    );
  } catch (failure) {
    replace(list, failureView(failure));
  }
}

function keyRow(
  ctx: PageContext,
  section: HTMLElement,
  list: HTMLElement,
  key: ApiKey,
  errors: HTMLElement,
): HTMLElement {
  const revoke = rowButton('Revoke', `Revoke key ${key.name}`, 'danger small');
  revoke.addEventListener('click', () => void revokeKey(ctx, section, list, key, errors));
  return h(
    'tr',
    { 'data-key': key.name },
    h('td', {}, key.name),
    h('td', {}, roleName(key.role)),
    h('td', {}, formatWindow(key.created_at, 'day')),
    h('td', {}, key.last_used_at ? formatWindow(key.last_used_at, 'day') : 'never'),
    h('td', {}, key.expires_at ? formatWindow(key.expires_at, 'day') : 'never'),
    h('td', { class: 'actions' }, revoke),
  );
}

async function revokeKey(
  ctx: PageContext,
  section: HTMLElement,
  list: HTMLElement,
  key: ApiKey,
  errors: HTMLElement,
): Promise<void> {
  const confirmed = await ask(section, {
    title: 'Revoke API key',
    message: `Revoke the key “${key.name}”? Anything that uses it is refused at once. This cannot be undone.`,
    confirm: 'Revoke key',
    danger: true,
  });
  if (!confirmed) return;
  const revoke = () =>
    call(() => client.DELETE('/v1/api-keys/{key_id}', { params: { path: { key_id: key.id } } }));
  await rowAction(ctx, errors, revoke, `Revoked the key “${key.name}”.`, async () => {
    await showKeyList(ctx, section, list);
    focusHeading(section);
  });
}
