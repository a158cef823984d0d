import type { TelegramUpdateRecord } from '../../schemas/records/telegram-update';
import { AppError } from '../../platform/errors';
import { type JsonObject, isJsonObject } from '../../platform/json';

/** The update types the product analyses; any other type is still stored, with what it has. */
export const ANALYTICS_UPDATE_TYPES = [
  'message',
  'edited_message',
  'channel_post',
  'edited_channel_post',
  'message_reaction',
  'message_reaction_count',
  'chat_member',
  'my_chat_member',
] as const;

/**
 * Turns the raw body of a webhook call into a record, or says why it is not a Telegram Update
 * (NOT_A_TELEGRAM_UPDATE). An Update is an object with an integer `update_id` and exactly one
 * other field, an object, named after its type (Bot API, "Update").
 */
export function toUpdateRecord(update: unknown, raw: string, receivedAt: Date): TelegramUpdateRecord {
  if (!isJsonObject(update)) throw notAnUpdate('the body is not a JSON object');
  const updateId = update.update_id;
  if (!Number.isSafeInteger(updateId)) throw notAnUpdate('update_id is missing or not an integer');
  const types = Object.keys(update).filter((key) => key !== 'update_id');
  if (types.length !== 1) throw notAnUpdate(`expected exactly one update type field, found ${types.length}`);
  const type = types[0] as string;
  const body = update[type];
  if (!isJsonObject(body)) throw notAnUpdate(`field ${type} is not an object`);

  const chat = isJsonObject(body.chat)
    ? body.chat
    : isJsonObject(body.message) && isJsonObject(body.message.chat)
      ? body.message.chat
      : undefined;
  return {
    update_id: updateId as number,
    update_type: type,
    chat_id: integer(chat?.id),
    chat_type: text(chat?.type),
    chat_title: text(chat?.title),
    message_id: integer(body.message_id),
    sender_id: senderOf(body),
    event_time: eventTime(body) ?? receivedAt.getTime(),
    received_at: receivedAt.getTime(),
    payload: raw,
  };
}

function senderOf(body: JsonObject): number | null {
  for (const field of ['from', 'user', 'actor_chat', 'sender_chat']) {
    const who = body[field];
    if (isJsonObject(who)) {
      const id = integer(who.id);
      if (id !== null) return id;
    }
  }
  return null;
}

function eventTime(body: JsonObject): number | undefined {
  const seconds = integer(body.edit_date) ?? integer(body.date);
  return seconds === null ? undefined : seconds * 1000;
}

function integer(value: unknown): number | null {
  return Number.isSafeInteger(value) ? (value as number) : null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function notAnUpdate(reason: string): AppError {
  return new AppError('NOT_A_TELEGRAM_UPDATE', `not a Telegram update: ${reason}`);
}
