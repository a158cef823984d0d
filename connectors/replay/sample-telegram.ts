/**
 * A realistic, seeded sample of Telegram traffic: three channels and two groups over the last two
 * hours, with posts, edits, reaction counts, group messages (every third a reply to another
 * member's), individual reactions and member changes, in the Bot API's own shapes. The same seed
 * gives the same updates (times move with `now`), so the main job can replay it and a new user
 * sees metrics at once.
 */
import { seeded } from './seeded-random';

export interface SampleChat {
  readonly id: number;
  readonly title: string;
  readonly username: string;
  readonly type: 'channel' | 'supergroup';
}

export const SAMPLE_CHATS: readonly SampleChat[] = [
  { id: -1001000000101, title: 'Product News', username: 'product_news', type: 'channel' },
  { id: -1001000000102, title: 'Data Engineering Weekly', username: 'de_weekly', type: 'channel' },
  { id: -1001000000103, title: 'Kafka Tips', username: 'kafka_tips', type: 'channel' },
  { id: -1001000000201, title: 'Analytics Community', username: 'analytics_chat', type: 'supergroup' },
  { id: -1001000000202, title: 'Stream Processing RU', username: 'streaming_ru', type: 'supergroup' },
];

const TOPICS = ['release', 'kafka', 'clickhouse', 'typescript', 'analytics', 'streaming', 'windowing'];
const PEOPLE = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace'];

type Update = Record<string, unknown> & { update_id: number };
type Message = Record<string, unknown> & { from: { id: number } };

/**
 * What a group's message `message_id` replies to: every third replies to the latest message of
 * someone else (`written` holds the group's messages without their replies, as the Bot API nests
 * a replied message). Decided from the message id, so the seeded draws, and every other update,
 * stay as they were.
 */
function replyTo(written: readonly Message[], message_id: number, author: number): object {
  if (message_id % 3 !== 0) return {};
  for (let i = written.length - 1; i >= 0; i--) {
    if (written[i]!.from.id !== author) return { reply_to_message: written[i] };
  }
  return {};
}

/** `count` updates ending at `nowSeconds`, in time order, update ids from `firstUpdateId`. */
export function sampleTelegramUpdates(
  nowSeconds: number,
  count = 400,
  seed = 42,
  firstUpdateId = 900_000_000,
): Update[] {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const start = nowSeconds - 2 * 3600;
  const times = Array.from({ length: count }, () => start + Math.floor(random() * 2 * 3600)).sort(
    (a, b) => a - b,
  );
  const posted = new Map<number, number[]>();
  const written = new Map<number, Message[]>(); // each group's messages, for replies
  return times.map((date, i) => {
    const chat = pick(SAMPLE_CHATS);
    const chatRef = { id: chat.id, title: chat.title, username: chat.username, type: chat.type };
    const messages = posted.get(chat.id) ?? [];
    const update_id = firstUpdateId + i;
    const roll = random();
    const person = pick(PEOPLE);
    const user = {
      id: 5_000_000 + PEOPLE.indexOf(person),
      is_bot: false,
      first_name: person,
      username: person,
    };
    const text = `${pick(['New', 'Notes on', 'Why', 'How we'])} ${pick(TOPICS)} #${pick(TOPICS)} @${pick(PEOPLE)}`;
    if (messages.length > 0 && roll < 0.15) {
      const message_id = pick(messages);
      return chat.type === 'channel'
        ? {
            update_id,
            message_reaction_count: {
              chat: chatRef,
              message_id,
              date,
              reactions: [
                {
                  type: { type: 'emoji', emoji: pick(['👍', '🔥', '❤']) },
                  total_count: 1 + Math.floor(random() * 40),
                },
              ],
            },
          }
        : {
            update_id,
            message_reaction: {
              chat: chatRef,
              message_id,
              user,
              date,
              old_reaction: [],
              new_reaction: [{ type: 'emoji', emoji: '👍' }],
            },
          };
    }
    if (messages.length > 0 && roll < 0.22 && chat.type === 'channel') {
      return {
        update_id,
        edited_channel_post: {
          message_id: pick(messages),
          sender_chat: chatRef,
          chat: chatRef,
          date: date - 60,
          edit_date: date,
          text: `${text} (edited)`,
        },
      };
    }
    if (messages.length > 0 && roll < 0.22) {
      return {
        update_id,
        edited_message: {
          message_id: pick(messages),
          from: user,
          chat: chatRef,
          date: date - 120,
          edit_date: date,
          text: `${text} (edited)`,
        },
      };
    }
    if (roll < 0.235) {
      // The bot's own membership: made an admin, which reaction and member updates need.
      const bot = {
        id: 7_000_000_001,
        is_bot: true,
        first_name: 'Social Analytics',
        username: 'social_analytics_bot',
      };
      return {
        update_id,
        my_chat_member: {
          chat: chatRef,
          from: user,
          date,
          old_chat_member: { user: bot, status: 'member' },
          new_chat_member: { user: bot, status: 'administrator', can_manage_chat: true },
        },
      };
    }
    if (roll < 0.26 && chat.type === 'supergroup') {
      const member = (status: string) => ({ user, status });
      return {
        update_id,
        chat_member: {
          chat: chatRef,
          from: user,
          date,
          old_chat_member: member('left'),
          new_chat_member: member('member'),
        },
      };
    }
    const message_id = messages.length + 1;
    posted.set(chat.id, [...messages, message_id]);
    if (chat.type === 'channel') {
      return {
        update_id,
        channel_post: { message_id, sender_chat: chatRef, chat: chatRef, date, text, views: undefined },
      };
    }
    const groupMessages = written.get(chat.id) ?? [];
    const message = { message_id, from: user, chat: chatRef, date, text };
    const reply = replyTo(groupMessages, message_id, user.id);
    written.set(chat.id, [...groupMessages.slice(-20), message]); // a reply looks a few back at most
    return { update_id, message: { ...message, ...reply } };
  });
}
