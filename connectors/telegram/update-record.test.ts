import { AppError } from '../../platform/errors';
import { toUpdateRecord } from './update-record';
import { updateKey } from '../../schemas/records/telegram-update';

const receivedAt = new Date('2026-11-25T12:00:00Z');
const chat = { id: -1001234567890, type: 'channel', title: 'News' };
const group = { id: -1009876543210, type: 'supergroup', title: 'Chat' };
const user = { id: 1234, is_bot: false, first_name: 'Ann' };

function record(update: object) {
  return toUpdateRecord(update, JSON.stringify(update), receivedAt);
}

describe('toUpdateRecord', () => {
  it.each([
    [
      'channel_post',
      { message_id: 5, date: 1_764_000_000, chat, sender_chat: chat, text: 'hi' },
      chat.id,
      chat.id,
      1_764_000_000_000,
    ],
    [
      'edited_channel_post',
      { message_id: 5, date: 1_764_000_000, edit_date: 1_764_000_100, chat, text: 'hi!' },
      chat.id,
      null,
      1_764_000_100_000,
    ],
    [
      'message',
      { message_id: 9, date: 1_764_000_000, chat: group, from: user, text: 'yo' },
      group.id,
      user.id,
      1_764_000_000_000,
    ],
    [
      'edited_message',
      { message_id: 9, date: 1_764_000_000, edit_date: 1_764_000_050, chat: group, from: user },
      group.id,
      user.id,
      1_764_000_050_000,
    ],
    [
      'message_reaction',
      {
        chat: group,
        message_id: 9,
        user,
        date: 1_764_000_200,
        old_reaction: [],
        new_reaction: [{ type: 'emoji', emoji: '🔥' }],
      },
      group.id,
      user.id,
      1_764_000_200_000,
    ],
    [
      'message_reaction_count',
      {
        chat,
        message_id: 5,
        date: 1_764_000_300,
        reactions: [{ type: { type: 'emoji', emoji: '👍' }, total_count: 3 }],
      },
      chat.id,
      null,
      1_764_000_300_000,
    ],
    [
      'chat_member',
      {
        chat: group,
        from: user,
        date: 1_764_000_400,
        old_chat_member: { status: 'left', user },
        new_chat_member: { status: 'member', user },
      },
      group.id,
      user.id,
      1_764_000_400_000,
    ],
    [
      'my_chat_member',
      {
        chat,
        from: user,
        date: 1_764_000_500,
        old_chat_member: { status: 'member' },
        new_chat_member: { status: 'administrator' },
      },
      chat.id,
      user.id,
      1_764_000_500_000,
    ],
  ])('maps %s with its chat, sender and event time', (type, body, chatId, senderId, eventTime) => {
    const update = { update_id: 77, [type]: body };
    const result = record(update);
    expect(result).toMatchObject({
      update_id: 77,
      update_type: type,
      chat_id: chatId,
      sender_id: senderId,
      event_time: eventTime,
    });
    expect(result.received_at).toBe(receivedAt.getTime());
    expect(result.payload).toBe(JSON.stringify(update));
    expect(updateKey(result)).toBe(`telegram:${chatId}`);
  });

  it('keeps update types it does not analyse, with what they carry', () => {
    const result = record({
      update_id: 8,
      callback_query: { id: 'q', from: user, message: { message_id: 3, chat: group, date: 1 } },
    });
    expect(result).toMatchObject({
      update_type: 'callback_query',
      chat_id: group.id,
      sender_id: user.id,
      event_time: receivedAt.getTime(),
    });
  });

  it('keys updates without a chat to one shared key', () => {
    const result = record({ update_id: 9, poll: { id: 'p', question: 'q' } });
    expect(result.chat_id).toBeNull();
    expect(updateKey(result)).toBe('telegram:none');
  });

  it.each([
    ['an array', [1, 2], 'the body is not a JSON object'],
    ['no update_id', { message: { chat } }, 'update_id is missing or not an integer'],
    ['a string update_id', { update_id: '1', message: { chat } }, 'update_id is missing or not an integer'],
    ['no update type', { update_id: 1 }, 'expected exactly one update type field, found 0'],
    [
      'two update types',
      { update_id: 1, message: {}, channel_post: {} },
      'expected exactly one update type field, found 2',
    ],
    ['a scalar update type', { update_id: 1, message: 'hi' }, 'field message is not an object'],
  ])('refuses %s as NOT_A_TELEGRAM_UPDATE', (_name, body, reason) => {
    expect(() => record(body)).toThrow(AppError);
    expect(() => record(body)).toThrow(`not a Telegram update: ${reason}`);
  });
});
