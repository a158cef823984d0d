/**
 * Who may see a Telegram chat. Public channels and groups (with a username) are anyone's to
 * analyse; a private chat is only its connecting organization's; and a group's raw messages (posts,
 * search, export) are only ever shown to the organization that connected it, public or not.
 */

/** What a read shows: aggregates (counts, metrics, terms, audience) or the messages themselves. */
export type ReadScope = 'aggregates' | 'messages';

/** A row of `telegram_chats`: what the bot has seen of the chat, and who connected it. */
export interface KnownChat {
  chat_type: string | null;
  username: string | null;
  connected_by: string | null;
}

/**
 * Whether `organizationId` may track the chat and read it at `scope`. A chat the bot has not seen
 * yet has no content to show (the processor records a chat before writing its content), so it may
 * be tracked, and becomes unreadable at once if it turns out private.
 */
export function mayReadChat(organizationId: string, chat: KnownChat | null, scope: ReadScope): boolean {
  if (chat === null) return true;
  if (chat.connected_by === organizationId) return true;
  if (chat.username === null) return false;
  return scope === 'aggregates' || chat.chat_type === 'channel';
}
