import { networkFailure } from './network-failure';

describe('networkFailure', () => {
  it('reads socket codes from the error or its causes, and nothing else', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(networkFailure(refused)).toBe('not_reached');
    expect(networkFailure(new Error('request failed', { cause: refused }))).toBe('not_reached');
    expect(networkFailure(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe('broken');
    expect(networkFailure(Object.assign(new Error('refused'), { code: '60' }))).toBeUndefined();
    expect(networkFailure(new Error('no code'))).toBeUndefined();
    expect(networkFailure(undefined)).toBeUndefined();
  });
});
