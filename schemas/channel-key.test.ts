import {
  CHANNEL_KEY_PATTERN,
  channelKey,
  channelKeyPattern,
  isChannelKey,
  parseChannelKey,
} from './channel-key';

describe('channel keys', () => {
  it('formats and parses telegram and twitter channel keys', () => {
    expect(channelKey({ source: 'telegram', channelId: '-1001234567890' })).toBe('telegram:-1001234567890');
    expect(parseChannelKey('telegram:-1001234567890')).toEqual({
      source: 'telegram',
      channelId: '-1001234567890',
    });
    expect(parseChannelKey('twitter:783214')).toEqual({ source: 'twitter', channelId: '783214' });
  });

  it.each([
    'telegram',
    'telegram:',
    'telegram:abc',
    "telegram:1' OR 1=1",
    'facebook:1',
    'telegram:1:2',
    'twitter:-5',
    'telegram:-0100',
    'telegram:007',
    'telegram:0',
    'telegram:-0',
    'twitter:0783214',
  ])('refuses %s with VALIDATION_FAILED', (text) => {
    expect(() => parseChannelKey(text)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('states the same rule as one pattern, for the OpenAPI document (ASCII digits only)', () => {
    const keys = ['telegram:-1001234567890', 'twitter:783214', 'telegram:007', 'twitter:-5', 'telegram:١٢٣'];
    for (const key of keys) expect([key, CHANNEL_KEY_PATTERN.test(key)]).toEqual([key, isChannelKey(key)]);
    expect(channelKeyPattern(['telegram']).test('twitter:783214')).toBe(false);
    // Other engines read the document's pattern: their \d may match any Unicode digit.
    expect(CHANNEL_KEY_PATTERN.source).not.toContain('\\d');
  });
});
