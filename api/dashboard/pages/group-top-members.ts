/** A group's top members, ranked by messages sent or by replies received, with a switch between the two. */
import type { ApiSchema } from '../../client';
import { call } from '../api';
import { errorView } from '../error-view';
import { h, replace } from '../dom';
import { formatCount, plural } from '../format';
import { client } from '../session';

type Member = ApiSchema<'GroupTopMembers'>['members'][number];
type Ranking = 'messages' | 'replies_received';

const RANKINGS: readonly { value: Ranking; label: string; none: string }[] = [
  { value: 'messages', label: 'by messages', none: 'Nobody wrote in these 30 days.' },
  {
    value: 'replies_received',
    label: 'by replies received',
    none: 'Nobody received a reply from another member in these 30 days.',
  },
];

/**
 * The heading, the switch and the list, ranked by messages (`initial`, already read); switching
 * asks the route again with `by`, once per switch.
 */
export function topMembersView(channel: string, initial: Member[]): HTMLElement[] {
  const list = h('div', { 'aria-live': 'polite' });
  const show = (members: Member[], by: Ranking) =>
    replace(
      list,
      members.length === 0
        ? h('p', { class: 'hint' }, RANKINGS.find((r) => r.value === by)!.none)
        : h(
            'ol',
            { 'data-testid': 'group-top-members', 'data-by': by },
            ...members.map((member) =>
              h(
                'li',
                {},
                `Member ${member.member_id}: ${plural(member.messages, 'message')} on ${plural(member.active_days, 'day')}, ` +
                  `${formatCount(member.replies_received)} ${member.replies_received === 1 ? 'reply' : 'replies'} received`,
              ),
            ),
          ),
    );
  let asked = 0;
  const switchTo = async (by: Ranking) => {
    const mine = ++asked;
    try {
      const { members } = await call(() =>
        client.GET('/v1/channels/{channel}/group/members/top', {
          params: { path: { channel }, query: { by } },
        }),
      );
      // A later switch wins over an answer that arrives after it.
      if (mine === asked) show(members, by);
    } catch (failure) {
      if (mine === asked) replace(list, errorView(failure));
    }
  };
  const rankings = h(
    'fieldset',
    { class: 'segments' },
    h('legend', {}, 'Rank'),
    ...RANKINGS.map((ranking) =>
      h(
        'label',
        { class: 'segment' },
        h('input', {
          type: 'radio',
          name: 'group-ranking',
          value: ranking.value,
          checked: ranking.value === 'messages',
          onchange: () => void switchTo(ranking.value),
        }),
        ` ${ranking.label}`,
      ),
    ),
  );
  show(initial, 'messages');
  return [h('h3', {}, 'Top members'), rankings, list];
}
