import type { TelegramUpdateRecord } from '../../schemas/records/telegram-update';
import type { PostEvent } from '../../schemas/content-records';
import { type ContentFacts, NO_FACTS, emptyCounts } from './post-event';
import { type MarkedSpan, textFeatures } from './text-features';
import { type JsonObject, isJsonObject } from '../../platform/json';
import { updateBody } from '../../schemas/records/telegram-body';

const POSTS: Record<string, { event: PostEvent['event']; type: PostEvent['post_type'] }> = {
  channel_post: { event: 'created', type: 'channel_post' },
  message: { event: 'created', type: 'message' },
  edited_channel_post: { event: 'edited', type: 'channel_post' },
  edited_message: { event: 'edited', type: 'message' },
};

/** Fields that make a message a post; a message with none is a service message (a pin, a join, a new title). */
export const CONTENT_FIELDS = [
  'text',
  'caption',
  'photo',
  'video',
  'animation',
  'audio',
  'document',
  'voice',
  'video_note',
  'sticker',
  'poll',
  'location',
  'venue',
  'contact',
  'dice',
  'game',
  'story',
  'paid_media',
  'invoice',
] as const;

/**
 * What a Telegram update says about posts: new and edited posts with their text features, and
 * the anonymous reaction totals of channel posts (`message_reaction_count`, absolute counts).
 * Service messages (pins, joins, title changes) are not posts. Individual reactions in groups
 * (`message_reaction`) are changes, not totals: counting them needs per-post state, which this
 * stateless step does not keep; they yield no observation here (nor do discussion replies).
 */
export function telegramContent(update: TelegramUpdateRecord): ContentFacts {
  if (update.chat_id === null || update.message_id === null) return NO_FACTS;
  const body = updateBody(update);
  if (body === undefined) return NO_FACTS;
  const channelId = String(update.chat_id);
  const postId = String(update.message_id);
  const kind = POSTS[update.update_type];
  if (kind) {
    if (!CONTENT_FIELDS.some((field) => body[field] !== undefined)) return NO_FACTS;
    const text = str(body.text) ?? str(body.caption);
    const postedAt = seconds(body.date) ?? update.event_time;
    const features = textFeatures(text, spans(text, body.entities ?? body.caption_entities));
    const post: PostEvent = {
      source: 'telegram',
      channel_id: channelId,
      post_id: postId,
      event: kind.event,
      event_time: kind.event === 'edited' ? (seconds(body.edit_date) ?? update.event_time) : postedAt,
      posted_at: postedAt,
      post_type: kind.type,
      author_id: author(body),
      text,
      ...features,
      reply_to_post_id: isJsonObject(body.reply_to_message) ? idText(body.reply_to_message.message_id) : null,
      forwarded_from: forwardedFrom(body),
      observed_at: update.received_at,
    };
    return { posts: [post], engagement: [] };
  }
  if (update.update_type === 'message_reaction_count' && Array.isArray(body.reactions)) {
    const breakdown: Record<string, number> = {};
    for (const reaction of body.reactions as unknown[]) {
      if (!isJsonObject(reaction) || typeof reaction.total_count !== 'number') continue;
      const name = reactionName(reaction.type);
      breakdown[name] = (breakdown[name] ?? 0) + reaction.total_count;
    }
    const total = Object.values(breakdown).reduce((sum, count) => sum + count, 0);
    return {
      posts: [],
      engagement: [
        {
          source: 'telegram',
          channel_id: channelId,
          post_id: postId,
          observed_at: update.event_time,
          origin: 'telegram_reaction_count',
          ...emptyCounts(),
          reactions: total,
          reaction_breakdown: breakdown,
        },
      ],
    };
  }
  return NO_FACTS;
}

const SPAN_KINDS: Record<string, MarkedSpan['kind']> = {
  hashtag: 'hashtag',
  mention: 'mention',
  url: 'link',
  text_link: 'link',
};

/** Telegram entities: offsets and lengths in UTF-16 code units, which is how JS strings index. */
function spans(text: string | null, entities: unknown): MarkedSpan[] | undefined {
  if (text === null || !Array.isArray(entities)) return undefined;
  return entities.flatMap((entity): MarkedSpan[] => {
    if (!isJsonObject(entity) || typeof entity.offset !== 'number' || typeof entity.length !== 'number')
      return [];
    const kind = SPAN_KINDS[String(entity.type)];
    if (!kind) return [];
    const cut = text.slice(entity.offset, entity.offset + entity.length);
    return [{ kind, value: entity.type === 'text_link' ? (str(entity.url) ?? cut) : cut }];
  });
}

/** The sender chat first: for a message sent on behalf of a chat, `from` is a placeholder bot. */
function author(body: JsonObject): string | null {
  if (isJsonObject(body.sender_chat)) return idText(body.sender_chat.id);
  if (isJsonObject(body.from)) return idText(body.from.id);
  return null;
}

/** `forward_origin` (Bot API 7+) or the older `forward_from_chat` / `forward_from`. */
function forwardedFrom(body: JsonObject): string | null {
  const origin = isJsonObject(body.forward_origin) ? body.forward_origin : undefined;
  const chat = origin?.chat ?? origin?.sender_chat ?? body.forward_from_chat;
  const user = origin?.sender_user ?? body.forward_from;
  const id = isJsonObject(chat) ? idText(chat.id) : isJsonObject(user) ? idText(user.id) : null;
  return id === null ? null : `telegram:${id}`;
}

function reactionName(type: unknown): string {
  if (!isJsonObject(type)) return 'unknown';
  if (type.type === 'emoji') return str(type.emoji) ?? 'emoji';
  if (type.type === 'custom_emoji') return `custom:${str(type.custom_emoji_id) ?? ''}`;
  return String(type.type ?? 'unknown');
}

const str = (value: unknown) => (typeof value === 'string' ? value : null);
const idText = (value: unknown) =>
  typeof value === 'number' || typeof value === 'string' ? String(value) : null;
const seconds = (value: unknown) => (typeof value === 'number' ? value * 1000 : null);
