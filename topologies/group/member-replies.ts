import { isJsonObject } from '../../platform/json';
import type { TelegramUpdateRecord } from '../../schemas/records/telegram-update';
import { authorId, bodyOf, isGroupUpdate, isWritten, personId } from './member-events';

/** A member of a group whose message another member replied to. */
export interface RepliedMember {
  readonly group_id: string;
  readonly member_id: string;
}

/**
 * The member a group message replies to, if the reply counts as one they received (on the day the
 * reply was written). It counts when a member writes a message (as `memberEvents` counts
 * messages; edits never) that replies to a message a person wrote in the same group. It does not
 * count when:
 * - the replied message is the replier's own;
 * - its author is a bot (the bot API's `is_bot`, which includes the placeholder of an anonymous
 *   administrator);
 * - it was sent on behalf of a chat (`sender_chat`): the linked channel's post copied into its
 *   discussion group (a comment on it is a reply to the channel, not to a member), an anonymous
 *   administrator, or a member writing as a channel, whose `from` is a placeholder;
 * - it is a service message, which in forum supergroups is what a message without a reply answers
 *   (the topic's creation);
 * - it is in another chat (`external_reply`, not read) or only quoted.
 */
export function replyReceived(update: TelegramUpdateRecord): RepliedMember[] {
  if (!isGroupUpdate(update) || update.update_type !== 'message') return [];
  const reply = bodyOf(update);
  if (reply === undefined || !isWritten(reply) || !isJsonObject(reply.reply_to_message)) return [];
  const replied = reply.reply_to_message;
  if (!isWritten(replied) || replied.sender_chat !== undefined) return [];
  const replier = authorId(reply);
  const recipient = personId(replied.from);
  if (replier === null || recipient === null || recipient === replier) return [];
  return [{ group_id: String(update.chat_id), member_id: recipient }];
}
