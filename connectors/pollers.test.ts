import { loadConfig } from '../platform/config';
import { cannotReachTelegram } from './pollers';

describe('the member-count poller', () => {
  it('is left off only for the local placeholder token against the real Bot API', () => {
    expect(cannotReachTelegram(loadConfig({ NODE_ENV: 'development' }))).toBe(true);
    expect(
      cannotReachTelegram(loadConfig({ NODE_ENV: 'development', TELEGRAM_API_ROOT: 'http://127.0.0.1:9' })),
    ).toBe(false);
    expect(
      cannotReachTelegram(loadConfig({ NODE_ENV: 'development', TELEGRAM_BOT_TOKEN: '123456:real-token' })),
    ).toBe(false);
  });
});
