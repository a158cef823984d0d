import { toUpdateRecord } from '../../connectors/telegram/update-record';
import { replyReceived } from './member-replies';

const GROUP = { id: -1009, type: 'supergroup', title: 'Makers' };
const person = (id: number) => ({ id, is_bot: false, first_name: `user ${id}` });
const DATE = 1_795_600_000;

/** A message that `from` wrote, as the Bot API nests it or sends it. */
const message = (id: number, from: object, extra: object = {}) => ({
  message_id: id,
  from,
  chat: GROUP,
  date: DATE,
  text: 'hello',
  ...extra,
});

const received = (update: object, type = 'message') => {
  const body = { update_id: 1, [type]: update };
  return replyReceived(toUpdateRecord(body, JSON.stringify(body), new Date(DATE * 1000)));
};

describe('replyReceived', () => {
  it('counts a member’s reply for the author of the replied message', () => {
    expect(received(message(2, person(2), { reply_to_message: message(1, person(1)) }))).toEqual([
      { group_id: '-1009', member_id: '1' },
    ]);
  });

  it('counts an anonymous administrator’s reply to a member, the group being its author', () => {
    const anonymous = { id: 1087968824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' };
    const reply = message(2, anonymous, { sender_chat: GROUP, reply_to_message: message(1, person(1)) });
    expect(received(reply)).toEqual([{ group_id: '-1009', member_id: '1' }]);
  });

  it.each([
    ['a reply to oneself', message(2, person(1), { reply_to_message: message(1, person(1)) })],
    [
      'a reply to a bot',
      message(2, person(2), { reply_to_message: message(1, { ...person(7), is_bot: true }) }),
    ],
    [
      'a bot’s reply',
      message(2, { ...person(7), is_bot: true }, { reply_to_message: message(1, person(1)) }),
    ],
    [
      'a comment on the linked channel’s post',
      message(2, person(2), {
        reply_to_message: message(
          1,
          { id: 777000, is_bot: false, first_name: 'Telegram' },
          {
            sender_chat: { id: -1001, type: 'channel', title: 'News' },
            is_automatic_forward: true,
          },
        ),
      }),
    ],
    [
      'a reply to a message a member sent as a channel',
      message(2, person(2), {
        reply_to_message: message(1, person(1), {
          sender_chat: { id: -1001, type: 'channel', title: 'Mine' },
        }),
      }),
    ],
    [
      'a forum topic’s message that replies to no one (Telegram names the topic’s creation)',
      message(2, person(2), {
        is_topic_message: true,
        message_thread_id: 1,
        reply_to_message: message(1, person(1), { text: undefined, forum_topic_created: { name: 'Ideas' } }),
      }),
    ],
    [
      'a reply to a message in another chat',
      message(2, person(2), {
        external_reply: { origin: { type: 'user', sender_user: person(1), date: DATE } },
      }),
    ],
    [
      'a service message that replies',
      message(2, person(2), {
        text: undefined,
        pinned_message: message(1, person(1)),
        reply_to_message: message(1, person(1)),
      }),
    ],
  ])('does not count %s', (_case, update) => {
    expect(received(update)).toEqual([]);
  });

  it('counts no edit of a reply, and no reply outside groups', () => {
    const reply = message(2, person(2), { reply_to_message: message(1, person(1)), edit_date: DATE + 5 });
    expect(received(reply, 'edited_message')).toEqual([]);
    const privateChat = { id: 2, type: 'private', first_name: 'B' };
    expect(
      received({ ...message(2, person(2), { reply_to_message: message(1, person(1)) }), chat: privateChat }),
    ).toEqual([]);
  });
});
