import { isRawRecordOf, rawPostPayload } from './raw-post';
import { recordPayload } from './record-payload';
import { updateBody } from './telegram-body';

const message = { message_id: 7, chat: { id: -1001, type: 'channel' }, date: 1, text: 'hi' };
const update = (type: string, body: object, messageId = 7) => ({
  update_id: 1,
  update_type: type,
  chat_id: -1001,
  message_id: messageId,
  payload: JSON.stringify({ update_id: 1, [type]: body }),
});
const telegramPost = {
  source: 'telegram' as const,
  channelId: '-1001',
  postId: '7',
  topic: 't',
  partition: 0,
  offset: '0',
  receivedAt: 0,
};
const tweet = (id: string, history?: string[]) => ({
  tweet_id: id,
  author_id: '42',
  payload: JSON.stringify({ id, text: 'x', ...(history ? { edit_history_tweet_ids: history } : {}) }),
});
const xPost = { ...telegramPost, source: 'twitter' as const, channelId: '42', postId: '100' };

describe('a raw post record', () => {
  it('carries the Telegram message object, or the X post as received, as its payload', () => {
    expect(JSON.parse(rawPostPayload('telegram', update('channel_post', message))!)).toEqual(message);
    const x = tweet('100');
    expect(rawPostPayload('twitter', x)).toBe(x.payload);
    expect(
      rawPostPayload('telegram', { ...update('channel_post', message), payload: 'not json' }),
    ).toBeNull();
  });

  it("parses a Telegram record's payload no more than the topology's readers of it already did", () => {
    const record = { ...update('channel_post', message), chat_type: null, chat_title: null, sender_id: null };
    const read = { ...record, event_time: 0, received_at: 0 };
    updateBody(read); // as the content topology's normalizer reads it
    const parse = jest.spyOn(JSON, 'parse');
    let payload: string | null;
    try {
      payload = rawPostPayload('telegram', read);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
    expect(JSON.parse(payload!)).toEqual(message);
  });

  it("parses an X record's payload no more than the topology's normalizer of it already did", () => {
    const record = tweet('100');
    recordPayload(record); // as twitterContent reads it
    const parse = jest.spyOn(JSON, 'parse');
    try {
      expect(rawPostPayload('twitter', record)).toBe(record.payload);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it('is a record of the post only for a post update of its chat and message, never a reaction to it', () => {
    expect(isRawRecordOf(telegramPost, update('channel_post', message))).toBe(true);
    expect(isRawRecordOf(telegramPost, update('edited_channel_post', message))).toBe(true);
    expect(isRawRecordOf(telegramPost, update('message_reaction_count', { message_id: 7 }))).toBe(false);
    expect(isRawRecordOf(telegramPost, update('channel_post', message, 8))).toBe(false);
    expect(isRawRecordOf({ ...telegramPost, channelId: '-1002' }, update('channel_post', message))).toBe(
      false,
    );
  });

  it('counts a later version of an X post as a record of its first one', () => {
    expect(isRawRecordOf(xPost, tweet('100'))).toBe(true);
    expect(isRawRecordOf(xPost, tweet('101', ['100', '101']))).toBe(true);
    expect(isRawRecordOf(xPost, tweet('102', ['99', '102']))).toBe(false);
    expect(isRawRecordOf({ ...xPost, channelId: '43' }, tweet('100'))).toBe(false);
  });
});
