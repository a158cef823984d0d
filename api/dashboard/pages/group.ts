/**
 * A Telegram group's members (issue 17's analytics): active members, joins and leaves per day for
 * 30 days, who wrote or was replied to most, and how many newcomers stayed and wrote in their first 7 days. Only the organization that connected the group may read them, so
 * for a channel, an X account or a group connected by someone else the section removes itself.
 */
import type uPlot from 'uplot';
import { ApiFailure } from '../api-errors';
import { call } from '../api';
import { errorView } from '../error-view';
import { fill, h } from '../dom';
import { formatCount, plural } from '../format';
import { mountPlot } from '../plot';
import { client } from '../session';
import { topMembersView } from './group-top-members';
import { retentionView } from './retention';

/** Fills `section`, or removes it when the channel has no group analytics for this organization. */
export async function showGroup(section: HTMLElement, channel: string, signal: AbortSignal): Promise<void> {
  if (!channel.startsWith('telegram:')) return section.remove();
  const path = { channel };
  try {
    const activity = await call(() =>
      client.GET('/v1/channels/{channel}/group/activity', { params: { path } }),
    );
    const { totals } = activity;
    if (totals.messages === 0 && totals.joins === 0 && totals.leaves === 0) return section.remove();
    // Asked only now: for a channel (most pages), another's group or a quiet one, the answers are unused.
    const [top, retention] = await Promise.all([
      call(() => client.GET('/v1/channels/{channel}/group/members/top', { params: { path } })),
      call(() => client.GET('/v1/channels/{channel}/group/retention', { params: { path } })),
    ]);
    const host = h('div', { class: 'chart-canvas', 'aria-hidden': 'true' });
    fill(
      section,
      h(
        'p',
        { 'data-testid': 'group-totals' },
        `Last 30 days: ${plural(totals.active_members, 'active member')}, ${plural(totals.messages, 'message')}`,
        totals.messages_per_member === null ? '' : ` (${totals.messages_per_member} per member)`,
        `, ${formatCount(totals.joins)} joined, ${formatCount(totals.leaves)} left.`,
      ),
      h('figure', { class: 'chart' }, h('figcaption', {}, 'Active members, joins and leaves per day'), host),
      ...topMembersView(channel, top.members),
      ...retentionView(retention),
    );
    draw(host, activity.windows, signal);
  } catch (failure) {
    // Not a group, or not this organization's: nothing to show. Anything else says what went wrong.
    if (failure instanceof ApiFailure && [403, 404].includes(failure.status)) return section.remove();
    fill(section, errorView(failure));
  }
}

type Windows = { window_start: string; active_members: number; joins: number; leaves: number }[];

function draw(host: HTMLElement, windows: Windows, signal: AbortSignal): void {
  const data: uPlot.AlignedData = [
    windows.map((window) => Date.parse(window.window_start) / 1000),
    windows.map((window) => window.active_members),
    windows.map((window) => window.joins),
    windows.map((window) => window.leaves),
  ];
  mountPlot(
    host,
    {
      height: 220,
      legend: { show: true },
      series: [
        {},
        { label: 'Active', stroke: '#1d4ed8', width: 2 },
        { label: 'Joined', stroke: '#047857', width: 2 },
        { label: 'Left', stroke: '#b91c1c', width: 2, dash: [4, 3] },
      ],
      scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
    },
    data,
    signal,
  );
}
