import { AppError } from '../../../platform/errors';
import { BROWSER_RETURN_PATHS, browserReturnTo } from './return-to';

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
};

describe('browserReturnTo', () => {
  it('is undefined without return_to: an API client gets JSON as before', () => {
    expect(browserReturnTo(undefined)).toBeUndefined();
  });

  it('accepts the dashboard', () => {
    expect(browserReturnTo('/')).toBe('/');
    expect(BROWSER_RETURN_PATHS).toEqual(['/']);
  });

  it.each([
    'https://evil.example/',
    '//evil.example',
    '//evil.example/',
    '/\\evil.example',
    '\\\\evil.example',
    '/%2F%2Fevil.example',
    'http:/evil.example',
    'javascript:alert(1)',
    ' /',
    '/ ',
    '/?next=//evil.example',
    '/#/channels',
    '/v1/auth/oidc/start',
    '',
    'https://127.0.0.1/',
  ])('refuses %j with OIDC_RETURN_TO_INVALID', (returnTo) => {
    expect(codeOf(() => browserReturnTo(returnTo))).toBe('OIDC_RETURN_TO_INVALID');
  });
});
