import { AppError } from '../../platform/errors';
import { cookieRefreshToken, csrfTokenFor } from './browser-session';

const token = 'a-refresh-token-of-forty-three-characters-x';

/** The error code `run` throws, or 'none'. */
function codeOf(run: () => unknown): string {
  try {
    run();
    return 'none';
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
}

describe('cookieRefreshToken', () => {
  it('gives the cookie token when the header is the hash of that very token', () => {
    expect(cookieRefreshToken(token, csrfTokenFor(token))).toBe(token);
  });

  it('refuses a missing header, another session’s and a truncated one as CSRF_TOKEN_INVALID', () => {
    expect(codeOf(() => cookieRefreshToken(token, undefined))).toBe('CSRF_TOKEN_INVALID');
    expect(codeOf(() => cookieRefreshToken(token, csrfTokenFor(`${token}y`)))).toBe('CSRF_TOKEN_INVALID');
    expect(codeOf(() => cookieRefreshToken(token, csrfTokenFor(token).slice(1)))).toBe('CSRF_TOKEN_INVALID');
    // The token itself is no CSRF token: the header must be its hash.
    expect(codeOf(() => cookieRefreshToken(token, token))).toBe('CSRF_TOKEN_INVALID');
  });

  it('answers UNAUTHORIZED without the cookie, whatever the header says', () => {
    expect(codeOf(() => cookieRefreshToken(undefined, csrfTokenFor(token)))).toBe('UNAUTHORIZED');
  });
});

describe('csrfTokenFor', () => {
  it('is a cookie-safe value that differs per token and does not contain it', () => {
    expect(csrfTokenFor(token)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfTokenFor(token)).not.toBe(csrfTokenFor(`${token}y`));
    expect(csrfTokenFor(token)).not.toContain(token);
  });
});
