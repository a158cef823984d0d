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
});
