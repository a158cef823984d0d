import type { TelegramUpdateRecord } from '../../schemas/records/telegram-update';
import { CONTENT_FIELDS } from '../content/telegram-content';
import { type JsonObject, isJsonObject } from '../../platform/json';
import { updateBody } from '../../schemas/records/telegram-body';
import { membershipChange } from './chat-membership';

/** Chat types whose members the group-activity topology counts; private chats and channels never. */
const GROUP_CHATS = new Set(['group', 'supergroup']);

export type MemberEventKind = 'message' | 'join' | 'leave';

/** One thing a member did in a group: the key of the member's windows, and what it was. */
export interface MemberEvent {
  readonly group_id: string;
  readonly member_id: string;
  readonly kind: MemberEventKind;
}

/** Whether an update comes from a group or supergroup (never a private chat or a channel). */
export function isGroupUpdate(update: TelegramUpdateRecord): boolean {
  return update.chat_id !== null && update.chat_type !== null && GROUP_CHATS.has(update.chat_type);
}

/**
 * What a group update says its members did: a message (not an edit, a service message or the
 * linked channel's automatic forward), joins and leaves from `chat_member` transitions and from
 * the `new_chat_members` / `left_chat_member` service messages. A group may deliver both kinds
 * for one join; both are read, and the windows count a member's join once (see MemberActivity).
 * Bots are not members. A payload that is not JSON says nothing here: the content topology, which
 * reads the same update, dead-letters it.
 */
export function memberEvents(update: TelegramUpdateRecord): MemberEvent[] {
  if (!isGroupUpdate(update)) return [];
  const body = bodyOf(update);
  if (body === undefined) return [];
  const event = (member: string | null, kind: MemberEventKind): MemberEvent[] =>
    member === null ? [] : [{ group_id: String(update.chat_id), member_id: member, kind }];
  if (update.update_type === 'chat_member') {
    const change = membershipChange(body);
    return change === undefined
      ? []
      : event(personId(isJsonObject(body.new_chat_member) ? body.new_chat_member.user : undefined), change);
  }
  if (update.update_type !== 'message') return [];
  const joined = Array.isArray(body.new_chat_members) ? (body.new_chat_members as unknown[]) : [];
  return [
    ...(isWritten(body) ? event(authorId(body), 'message') : []),
    ...joined.flatMap((user) => event(personId(user), 'join')),
    ...event(personId(body.left_chat_member), 'leave'),
  ];
}

/** The update's message or member change; undefined when its payload is not JSON. */
export function bodyOf(update: TelegramUpdateRecord): JsonObject | undefined {
  try {
    return updateBody(update);
  } catch {
    return undefined;
  }
}

/** A message someone wrote: it has content and is not the linked channel's post copied in. */
export function isWritten(message: JsonObject): boolean {
  return (
    message.is_automatic_forward !== true && CONTENT_FIELDS.some((field) => message[field] !== undefined)
  );
}

/**
 * The sender chat first, as the content topology reads authors: for a message sent on behalf of a
 * chat (a channel, or the group's anonymous admins), `from` is a placeholder bot.
 */
export function authorId(message: JsonObject): string | null {
  if (isJsonObject(message.sender_chat)) return idText(message.sender_chat.id);
  return personId(message.from);
}

/** A user's id, unless the user is a bot (bots are not members). */
export function personId(user: unknown): string | null {
  if (!isJsonObject(user) || user.is_bot === true) return null;
  return idText(user.id);
}

function idText(value: unknown): string | null {
  return Number.isSafeInteger(value) ? String(value) : null;
}
