import { requestCookies } from './cookies';

describe('requestCookies', () => {
  it('reads each cookie of a Cookie header by name, decoded', () => {
    expect(requestCookies('a=1; sa_csrf=x%2By; quoted="v"')).toEqual({ a: '1', sa_csrf: 'x+y', quoted: 'v' });
  });

  it('keeps the first of two cookies of one name, and skips what is no cookie', () => {
    expect(requestCookies('a=first;a=second; ;=nameless; flag')).toEqual({ a: 'first' });
  });

  it('keeps a value that is not valid percent-encoding as sent, and reads no header as none', () => {
    expect(requestCookies('a=%E0%A4%A')).toEqual({ a: '%E0%A4%A' });
    expect(requestCookies(undefined)).toEqual({});
  });

  it('reads a cookie named __proto__ as a cookie, not as the prototype', () => {
    const cookies = requestCookies('__proto__=x; constructor=y');
    expect(Object.entries(cookies)).toEqual([
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
  });
});
