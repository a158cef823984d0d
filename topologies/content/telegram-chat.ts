import type { ChatSighting } from '../../schemas/records/telegram-chat';
import { connectCodeIn } from '../../schemas/telegram-connect-code';
import type { TelegramUpdateRecord } from '../../schemas/records/telegram-update';
import { isJsonObject } from '../../platform/json';
import { updateBody } from '../../schemas/records/telegram-body';

/** Chat types whose username makes them public; a private chat's username is its user's. */
const PUBLIC_WHEN_NAMED = new Set(['channel', 'supergroup', 'group']);
/** Where a connect code may arrive: a message in a group or private chat, or a channel post. */
const CODE_CARRIERS = new Set(['message', 'channel_post']);

/**
 * What an update shows of its chat: its type, its public username, and a connect code its message
 * carries (`/start <code>`). Undefined for updates without a chat. The username is not in the
 * record's typed fields, so it is read from the original JSON, as update-record.ts finds the chat.
 */
export function telegramChatSighting(update: TelegramUpdateRecord): ChatSighting | undefined {
  if (update.chat_id === null) return undefined;
  const body = updateBody(update);
  if (body === undefined) return undefined;
  const chat = isJsonObject(body.chat)
    ? body.chat
    : isJsonObject(body.message) && isJsonObject(body.message.chat)
      ? body.message.chat
      : undefined;
  const username = typeof chat?.username === 'string' && chat.username ? chat.username : null;
  const isPublic = update.chat_type !== null && PUBLIC_WHEN_NAMED.has(update.chat_type);
  const connectCode = CODE_CARRIERS.has(update.update_type) ? connectCodeIn(body.text) : undefined;
  return {
    chatId: String(update.chat_id),
    chatType: update.chat_type,
    username: isPublic ? username : null,
    seenAt: update.event_time,
    ...(connectCode ? { connectCode } : {}),
  };
}
