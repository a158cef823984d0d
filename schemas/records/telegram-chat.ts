/** What one update shows of its chat (topologies/content/telegram-chat.ts reads it). */
export interface ChatSighting {
  chatId: string;
  chatType: string | null;
  /** The chat's public username; null when it has none, and always for private chats with a user. */
  username: string | null;
  /** Epoch milliseconds: the update's event time. */
  seenAt: number;
  /** A connect code the update's message carries (`/start <code>`). */
  connectCode?: string;
}
