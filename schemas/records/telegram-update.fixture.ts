import type { TelegramUpdateRecord } from './telegram-update';

/** A stored Telegram update of channel -1001's message 42, as the tests of its readers use. */
export function telegramUpdate(
  type: string,
  body: object,
  eventTime = 1_767_261_600_000,
  updateId = 1,
): TelegramUpdateRecord {
  return {
    update_id: updateId,
    update_type: type,
    chat_id: -1001,
    chat_type: 'channel',
    chat_title: 'News',
    message_id: 42,
    sender_id: null,
    event_time: eventTime,
    received_at: eventTime + 500,
    payload: JSON.stringify({ update_id: updateId, [type]: body }),
  };
}
