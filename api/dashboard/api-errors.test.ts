import { ApiFailure, sentence, toFailure, viewError } from './api-errors';

const body = (code: string, message: string, details?: Record<string, unknown>) => ({
  error: { code, message, ...(details ? { details } : {}) },
});

describe('API errors as the dashboard shows them', () => {
  it('names the plan that unlocks a view on 402', () => {
    const failure = toFailure(
      402,
      body('PLAN_UPGRADE_REQUIRED', 'hour granularity needs the Pro plan; this organization is on Free', {
        plan: 'free',
        required_plan: 'pro',
      }),
    );
    expect(viewError(failure)).toEqual({
      kind: 'upgrade',
      plan: 'pro',
      message: 'Hour granularity needs the Pro plan; this organization is on Free.',
    });
  });

  it('offers no plan when no plan allows it', () => {
    const failure = toFailure(
      402,
      body('PLAN_UPGRADE_REQUIRED', 'x is not available on any plan', { required_plan: null }),
    );
    expect(viewError(failure)).toMatchObject({ kind: 'upgrade', plan: null });
  });

  it('returns to sign-in when the session has ended', () => {
    for (const code of ['UNAUTHORIZED', 'TOKEN_EXPIRED', 'TOKEN_INVALID', 'REFRESH_TOKEN_REUSED']) {
      expect(viewError(toFailure(401, body(code, 'no'))).kind).toBe('sign-in');
    }
  });

  it('shows wrong credentials as the message, not as an ended session', () => {
    const failure = toFailure(401, body('INVALID_CREDENTIALS', 'wrong email or password'));
    expect(viewError(failure)).toEqual({ kind: 'problem', message: 'Wrong email or password.' });
  });

  it('says the data is temporarily unavailable on 503, with Retry-After', () => {
    const failure = toFailure(503, body('CLICKHOUSE_UNAVAILABLE', 'clickhouse is down'));
    expect(viewError(failure, '5')).toEqual({
      kind: 'unavailable',
      message: 'The data is temporarily unavailable. Please try again in a moment.',
      retryAfterSeconds: 5,
    });
  });

  it('hides the text of a server error and treats a network failure as unavailable', () => {
    expect(viewError(toFailure(500, body('INTERNAL', 'internal error')))).toEqual({
      kind: 'problem',
      message: 'Something went wrong on our side. Please try again.',
    });
    expect(viewError(new TypeError('Failed to fetch')).kind).toBe('unavailable');
  });

  it('keeps the status of a body that is not the API envelope', () => {
    const failure = toFailure(502, '<html>bad gateway</html>');
    expect(failure).toBeInstanceOf(ApiFailure);
    expect(failure).toMatchObject({ status: 502, code: 'HTTP_502', details: {} });
  });

  it('makes a sentence of an API message', () => {
    expect(sentence('the channel is not tracked')).toBe('The channel is not tracked.');
    expect(sentence('Done!')).toBe('Done!');
    expect(sentence('  ')).toBe('');
  });
});
