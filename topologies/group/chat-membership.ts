import { type JsonObject, isJsonObject } from '../../platform/json';

/** Statuses of a ChatMember that are in the chat (Bot API, "ChatMember"). */
const IN_CHAT = new Set(['creator', 'administrator', 'member']);

/**
 * Whether a ChatMember is in the chat: the owner, an administrator, a member, or a restricted user
 * who is still a member (`is_member`). `left` and `kicked` are out.
 */
function isInChat(member: unknown): boolean {
  if (!isJsonObject(member)) return false;
  if (typeof member.status !== 'string') return false;
  if (IN_CHAT.has(member.status)) return true;
  return member.status === 'restricted' && member.is_member === true;
}

/**
 * What a `chat_member` update says of its user: joined (out → in), left (in → out), or nothing
 * (a promotion, a restriction of a member, a ban of someone already gone).
 */
export function membershipChange(update: JsonObject): 'join' | 'leave' | undefined {
  const before = isInChat(update.old_chat_member);
  const after = isInChat(update.new_chat_member);
  if (!before && after) return 'join';
  if (before && !after) return 'leave';
  return undefined;
}
