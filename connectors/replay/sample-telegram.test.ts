import { toUpdateRecord } from '../telegram/update-record';
import { SAMPLE_CHATS, sampleTelegramUpdates } from './sample-telegram';

describe('the Telegram sample dataset', () => {
  const now = 1_795_600_000;
  const updates = sampleTelegramUpdates(now);

  it('is the same for the same seed, with times that follow now', () => {
    expect(sampleTelegramUpdates(now)).toEqual(updates);
    const later = sampleTelegramUpdates(now + 60);
    expect(later.map((u) => u.update_id)).toEqual(updates.map((u) => u.update_id));
  });

  it('holds every analysed update type, for every sample chat, each a valid Update', () => {
    const records = updates.map((u) => toUpdateRecord(u, JSON.stringify(u), new Date(now * 1000)));
    expect(new Set(records.map((r) => r.update_type))).toEqual(
      new Set([
        'channel_post',
        'edited_channel_post',
        'message_reaction_count',
        'message',
        'message_reaction',
        'chat_member',
        'edited_message',
        'my_chat_member',
      ]),
    );
    expect(new Set(records.map((r) => r.chat_id))).toEqual(new Set(SAMPLE_CHATS.map((c) => c.id)));
    expect(Math.max(...records.map((r) => r.event_time))).toBeLessThanOrEqual(now * 1000);
    expect(Math.min(...records.map((r) => r.event_time))).toBeGreaterThanOrEqual(
      (now - 2 * 3600 - 60) * 1000,
    );
  });

  it('holds replies in each group, each to an earlier message of someone else in the same group', () => {
    type Message = { message_id: number; chat: { id: number }; from: { id: number }; text: string };
    const messages = updates.flatMap((u) =>
      u.message === undefined ? [] : [u.message as Message & { reply_to_message?: Message }],
    );
    const replies = messages.filter((m) => m.reply_to_message !== undefined);
    const groups = SAMPLE_CHATS.filter((c) => c.type === 'supergroup').map((c) => c.id);
    expect(new Set(replies.map((m) => m.chat.id))).toEqual(new Set(groups));
    for (const { reply_to_message: replied, ...reply } of replies) {
      const original = messages.find(
        (m) => m.chat.id === reply.chat.id && m.message_id === replied!.message_id,
      );
      expect(original).toBeDefined();
      expect({ ...original, reply_to_message: undefined }).toEqual({
        ...replied,
        reply_to_message: undefined,
      });
      expect(replied!.message_id).toBeLessThan(reply.message_id);
      expect(replied!.from.id).not.toBe(reply.from.id);
    }
  });
});
