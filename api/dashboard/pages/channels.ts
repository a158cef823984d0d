/** The channels page: tracked channels, add and remove one, the plan's limits. */
import { call } from '../api';
import { errorView } from '../error-view';
import { field, formValues, h, replace } from '../dom';
import { formatWindow } from '../format';
import { type PageContext, setTitle } from '../page';
import { type Organization, type TrackedChannel, organization, trackedChannels } from '../plan';
import { canTrackMore, planLines, planTitle } from '../plan-summary';
import { channelSparkline } from './channel-sparkline';
import { routeHref } from '../routes';
import { client } from '../session';

/** `#/channels`. */
export async function channelsPage(ctx: PageContext): Promise<void> {
  setTitle('Channels');
  const plan = h('section', {
    class: 'card',
    'aria-labelledby': 'plan-heading',
    'data-testid': 'plan-limits',
  });
  const list = h('section', { 'aria-labelledby': 'channels-heading' });
  const addErrors = h('div', { class: 'form-errors' });
  const form = addForm(addErrors);
  replace(
    ctx.main,
    h('h1', {}, 'Channels'),
    plan,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'add-heading' },
      h('h2', { id: 'add-heading' }, 'Track a channel'),
      form,
    ),
    list,
  );
  const refresh = async () => {
    let channels: TrackedChannel[];
    try {
      channels = await trackedChannels(true);
    } catch (failure) {
      replace(list, h('h2', { id: 'channels-heading' }, 'Tracked channels'), errorView(failure));
      return;
    }
    renderList(ctx, list, channels, refresh);
    try {
      renderPlan(plan, await organization(), channels.length);
    } catch (failure) {
      replace(plan, h('h2', { id: 'plan-heading' }, 'Plan'), errorView(failure));
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const { channel = '', title = '' } = formValues(form);
    const button = form.querySelector('button') as HTMLButtonElement;
    button.disabled = true;
    replace(addErrors);
    call(() =>
      client.POST('/v1/channels', {
        body: { channel: channel.trim(), ...(title.trim() ? { title: title.trim() } : {}) },
      }),
    )
      .then(async (added) => {
        form.reset();
        ctx.announce(`Now tracking ${added.title ?? added.channel}.`);
        await refresh();
      })
      .catch((failure: unknown) => replace(addErrors, errorView(failure)))
      .finally(() => (button.disabled = false));
  });
  await refresh();
}

function addForm(errors: HTMLElement): HTMLFormElement {
  return h(
    'form',
    { class: 'inline-form', 'data-testid': 'add-channel-form' },
    field(
      'Channel',
      {
        id: 'add-channel',
        name: 'channel',
        type: 'text',
        required: true,
        pattern: '(telegram:-?[0-9]{1,20}|twitter:[0-9]{1,20})',
        placeholder: 'telegram:-1001234567890',
        spellcheck: 'false',
        autocapitalize: 'off',
      },
      'telegram:<chat id> or twitter:<user id>',
    ),
    field('Title (optional)', { id: 'add-channel-title', name: 'title', type: 'text', maxlength: 200 }),
    h('button', { type: 'submit', class: 'primary' }, 'Track channel'),
    errors,
  );
}

function renderPlan(section: HTMLElement, org: Organization, tracked: number): void {
  const lines = planLines(org.limits, tracked);
  replace(
    section,
    h('h2', { id: 'plan-heading' }, planTitle(org.plan)),
    h('ul', { class: 'plain' }, ...lines.map((line) => h('li', {}, line))),
    canTrackMore(org.limits, tracked)
      ? null
      : h('p', { class: 'hint' }, 'You track as many channels as your plan allows.'),
  );
}

function renderList(
  ctx: PageContext,
  section: HTMLElement,
  channels: TrackedChannel[],
  refresh: () => Promise<void>,
): void {
  const heading = h('h2', { id: 'channels-heading' }, 'Tracked channels');
  if (channels.length === 0) {
    replace(
      section,
      heading,
      h('p', { 'data-testid': 'channels-empty' }, 'No channels yet. Track one above.'),
    );
    return;
  }
  const items = channels.map((channel) => {
    const name = channel.title ?? channel.channel;
    const remove = h(
      'button',
      { type: 'button', class: 'secondary', 'aria-label': `Remove ${name}` },
      'Remove',
    );
    remove.addEventListener('click', () => {
      remove.disabled = true;
      call(() => client.DELETE('/v1/channels/{channel}', { params: { path: { channel: channel.channel } } }))
        .then(() => {
          ctx.announce(`Stopped tracking ${name}.`);
          return refresh();
        })
        .catch((failure: unknown) => {
          remove.disabled = false;
          remove.after(errorView(failure));
        });
    });
    const link = routeHref({ page: 'channel', channel: channel.channel });
    return h(
      'li',
      { class: 'channel-item', 'data-channel': channel.channel },
      h(
        'div',
        {},
        h('a', { href: link }, name),
        h(
          'p',
          { class: 'hint' },
          `${channel.source} · ${channel.channel} · added ${formatWindow(channel.added_at, 'day')}`,
        ),
      ),
      channelSparkline(channel.channel),
      remove,
    );
  });
  replace(
    section,
    heading,
    h('ul', { class: 'channel-list', 'data-testid': 'channel-list' }, ...items),
    channels.length < 2
      ? null
      : h(
          'p',
          {},
          h('a', { href: routeHref({ page: 'compare', channels: [] }) }, 'Compare channels side by side'),
        ),
  );
}
