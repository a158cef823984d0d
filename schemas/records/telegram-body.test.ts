import { updateBody } from './telegram-body';
import type { TelegramUpdateRecord } from './telegram-update';

const telegramUpdate = (type: string, body: object): TelegramUpdateRecord => ({
  update_id: 1,
  update_type: type,
  chat_id: -1001,
  chat_type: 'channel',
  chat_title: 'News',
  message_id: 42,
  sender_id: null,
  event_time: 0,
  received_at: 500,
  payload: JSON.stringify({ update_id: 1, [type]: body }),
});

describe('updateBody', () => {
  afterEach(() => jest.restoreAllMocks());

  it("parses a record's payload once however many readers ask", () => {
    const parse = jest.spyOn(JSON, 'parse');
    const update = telegramUpdate('channel_post', { message_id: 42, text: 'hi' });
    const first = updateBody(update);
    expect(updateBody(update)).toBe(first);
    expect(first).toEqual({ message_id: 42, text: 'hi' });
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it('answers undefined for a body that is not an object, and throws for a payload that is not JSON', () => {
    expect(
      updateBody({ ...telegramUpdate('channel_post', {}), payload: '{"channel_post": 7}' }),
    ).toBeUndefined();
    expect(() => updateBody({ ...telegramUpdate('channel_post', {}), payload: 'not json' })).toThrow(
      SyntaxError,
    );
  });
});
