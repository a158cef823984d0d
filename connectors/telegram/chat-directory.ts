import type { ChatSighting } from '../../schemas/records/telegram-chat';
import type { Pool } from 'pg';
import { hashConnectCode } from '../../schemas/telegram-connect-code';

/**
 * The Telegram chats the bot has seen (`telegram_chats`): whether each is public, and which
 * organization connected it. The content processor records a batch's chats here before it writes
 * the batch's content, so no chat's content is readable before the API knows whether it is private.
 * Every statement is idempotent: a batch delivered again changes nothing.
 */
export class TelegramChatDirectory {
  constructor(private readonly postgres: Pool) {}

  /** Records the newest facts of each chat, then applies the connect codes; resolves with the chats connected. */
  async record(sightings: ChatSighting[]): Promise<{ chatId: string; organizationId: string }[]> {
    if (sightings.length === 0) return [];
    const newest = new Map<string, ChatSighting>();
    for (const sighting of sightings) {
      const known = newest.get(sighting.chatId);
      if (!known || sighting.seenAt >= known.seenAt) newest.set(sighting.chatId, sighting);
    }
    const chats = [...newest.values()];
    // One statement a batch; a row changes only when its facts do, and never for an older update.
    await this.postgres.query(
      `INSERT INTO telegram_chats (chat_id, chat_type, username, seen_at)
       SELECT chat_id, chat_type, username, to_timestamp(seen_ms / 1000.0)
         FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[]) AS s (chat_id, chat_type, username, seen_ms)
       ON CONFLICT (chat_id) DO UPDATE
          SET chat_type = EXCLUDED.chat_type, username = EXCLUDED.username, seen_at = EXCLUDED.seen_at
        WHERE EXCLUDED.seen_at >= telegram_chats.seen_at
          AND (telegram_chats.chat_type, telegram_chats.username)
              IS DISTINCT FROM (EXCLUDED.chat_type, EXCLUDED.username)`,
      [
        chats.map((chat) => chat.chatId),
        chats.map((chat) => chat.chatType),
        chats.map((chat) => chat.username),
        chats.map((chat) => chat.seenAt),
      ],
    );
    const connected = [];
    for (const sighting of sightings) {
      if (sighting.connectCode === undefined) continue;
      const organizationId = await this.connect(sighting.chatId, sighting.connectCode);
      if (organizationId) connected.push({ chatId: sighting.chatId, organizationId });
    }
    return connected;
  }

  /**
   * Uses the code (once, before it expires; the same chat may use it again, for redeliveries) and
   * connects the chat to the code's organization unless another one connected it first.
   */
  private async connect(chatId: string, code: string): Promise<string | undefined> {
    const { rows } = await this.postgres.query<{ connected_by: string }>(
      `WITH code AS (
         UPDATE telegram_connect_codes SET used_at = coalesce(used_at, now()), used_in_chat = $2
          WHERE code_hash = $1 AND ((used_at IS NULL AND expires_at > now()) OR used_in_chat = $2)
          RETURNING organization_id)
       UPDATE telegram_chats c SET connected_by = code.organization_id, connected_at = now()
         FROM code
        WHERE c.chat_id = $2 AND c.connected_by IS NULL
        RETURNING c.connected_by`,
      [hashConnectCode(code), chatId],
    );
    return rows[0]?.connected_by;
  }
}
