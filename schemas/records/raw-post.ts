/**
 * A post's raw record: where the content topology read it, and the payload the API answers with
 * (the Telegram update's message object, or the X post as received). The topology derives the
 * payload when it writes the post, and the lake reader derives it again from the archived record,
 * through the same functions here, so both give the same JSON.
 */
import { type JsonObject, isJsonObject } from '../../platform/json';
import type { Source } from '../channel-key';
import { recordPayload } from './record-payload';
import { updateBody } from './telegram-body';
import type { TelegramUpdateRecord } from './telegram-update';

/** Where the raw record of a post's latest state was read, and when its connector stored it. */
export interface RawRecordLocation {
  readonly topic: string;
  readonly partition: number;
  /** The Kafka offset, as decimal text (offsets are 64-bit). */
  readonly offset: string;
  /**
   * When the connector stored the record (Telegram `received_at`, X `observed_at`, epoch ms). The
   * archive files it under the UTC day of its Kafka timestamp, set as it was produced right after.
   */
  readonly receivedAt: number;
}

/** The post whose raw record is asked for, and where that record was read. */
export interface RawPostRecord extends RawRecordLocation {
  readonly source: Source;
  readonly channelId: string;
  readonly postId: string;
}

/** Telegram update types that carry a post (the others, reactions included, name a message too). */
const TELEGRAM_POST_TYPES = new Set(['channel_post', 'message', 'edited_channel_post', 'edited_message']);

/**
 * The original payload of a raw record of `source`, as JSON text: the message object a Telegram
 * update carries under its type, or the X post as the poller received it. Null when the record
 * holds none (a payload that is not JSON, or not an object).
 */
export function rawPostPayload(source: Source, value: unknown): string | null {
  if (!hasPayload(value)) return null;
  if (source === 'twitter') return payloadObject(value) ? value.payload : null;
  const message = messageOf(value as unknown as TelegramUpdateRecord);
  return message === undefined ? null : JSON.stringify(message);
}

/** The update's message object, parsed once per record with every other reader of it. */
function messageOf(update: TelegramUpdateRecord): JsonObject | undefined {
  try {
    return updateBody(update);
  } catch {
    return undefined; // the payload is not JSON
  }
}

/**
 * Whether a raw record (a decoded `social.telegram.updates.v1` or `social.twitter.tweets.v1`
 * value) is a record of this post: an archive file holds every record of its partition, the
 * reactions to a Telegram message and the other versions of an X post among them.
 */
export function isRawRecordOf(post: RawPostRecord, value: unknown): boolean {
  if (!isJsonObject(value)) return false;
  if (post.source === 'telegram') {
    return (
      TELEGRAM_POST_TYPES.has(String(value.update_type)) &&
      String(value.chat_id) === post.channelId &&
      String(value.message_id) === post.postId
    );
  }
  if (String(value.author_id) !== post.channelId) return false;
  if (String(value.tweet_id) === post.postId) return true;
  // A later version of an X post is stored as an edit of the first one (twitter-content.ts).
  const history = hasPayload(value) ? payloadObject(value)?.edit_history_tweet_ids : null;
  return Array.isArray(history) && history[0] === post.postId;
}

function hasPayload(value: unknown): value is JsonObject & { readonly payload: string } {
  return isJsonObject(value) && typeof value.payload === 'string';
}

/** The record's payload when it is a JSON object (parsed once per record: record-payload.ts). */
function payloadObject(record: { readonly payload: string }): JsonObject | undefined {
  try {
    const payload = recordPayload(record);
    return isJsonObject(payload) ? payload : undefined;
  } catch {
    return undefined; // not JSON
  }
}
