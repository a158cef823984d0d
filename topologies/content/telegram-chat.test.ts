import type { TelegramUpdateRecord } from '../../schemas/records/telegram-update';
import { telegramChatSighting } from './telegram-chat';

const CODE = 'abcdefghijklmnopqrstuvwx';
const update = (type: string, chat: object | null, body: object = {}): TelegramUpdateRecord => ({
  update_id: 1,
  update_type: type,
  chat_id: chat ? -1001 : null,
  chat_type: chat ? ((chat as { type?: string }).type ?? null) : null,
  chat_title: null,
  message_id: 42,
  sender_id: null,
  event_time: 1_767_261_600_000,
  received_at: 1_767_261_600_500,
  payload: JSON.stringify({ update_id: 1, [type]: { ...(chat ? { chat } : {}), ...body } }),
});

describe('what a Telegram update shows of its chat', () => {
  it('takes a channel’s or group’s username as its public name', () => {
    expect(
      telegramChatSighting(update('channel_post', { id: -1001, type: 'channel', username: 'news' })),
    ).toEqual({
      chatId: '-1001',
      chatType: 'channel',
      username: 'news',
      seenAt: 1_767_261_600_000,
    });
    expect(
      telegramChatSighting(update('message_reaction_count', { id: -1001, type: 'supergroup', username: 'g' }))
        ?.username,
    ).toBe('g');
  });

  it('gives a private chat with a user no public name, even when the user has a username', () => {
    expect(
      telegramChatSighting(update('message', { id: 5, type: 'private', username: 'ada' }))?.username,
    ).toBeNull();
    expect(telegramChatSighting(update('message', { id: -1001, type: 'supergroup' }))?.username).toBeNull();
  });

  it('finds a connect code in a message or a channel post, not in an edit', () => {
    const group = { id: -1001, type: 'supergroup' };
    expect(telegramChatSighting(update('message', group, { text: `/start@bot ${CODE}` }))?.connectCode).toBe(
      CODE,
    );
    expect(telegramChatSighting(update('channel_post', group, { text: `/start ${CODE}` }))?.connectCode).toBe(
      CODE,
    );
    expect(
      telegramChatSighting(update('edited_message', group, { text: `/start ${CODE}` })),
    ).not.toHaveProperty('connectCode');
  });

  it('has nothing to say about an update without a chat', () => {
    expect(telegramChatSighting(update('inline_query', null, { query: 'x' }))).toBeUndefined();
  });
});
