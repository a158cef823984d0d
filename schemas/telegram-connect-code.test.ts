import { connectCodeIn, hashConnectCode, newConnectCode } from './telegram-connect-code';

describe('connect codes', () => {
  const code = newConnectCode();

  it('are 24 characters a Telegram start parameter may carry, and differ each time', () => {
    expect(code).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(newConnectCode()).not.toBe(code);
  });

  it.each([`/start ${code}`, `/start@social_analytics_bot ${code}`, `/start  ${code} `])(
    'are found in %j',
    (text) => expect(connectCodeIn(text)).toBe(code),
  );

  it.each([
    code,
    `/start`,
    `/start ${code} extra`,
    `/start ${code}x`,
    `/stop ${code}`,
    `please /start ${code}`,
    `/start ${code.slice(1)}`,
    undefined,
    42,
  ])('are not found in %j', (text) => expect(connectCodeIn(text)).toBeUndefined());

  it('are stored as a SHA-256 hash', () => {
    expect(hashConnectCode(code)).toHaveLength(32);
    expect(hashConnectCode(code).equals(hashConnectCode(code))).toBe(true);
  });
});
