import { updateBody } from './telegram-body';
import { telegramUpdate } from './telegram-update.fixture';

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
