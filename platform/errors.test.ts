import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, ERROR_CODES, toAppError } from './errors';

describe('errors', () => {
  it('documents every error code in docs/errors.md', () => {
    const docs = readFileSync(join(__dirname, '..', 'docs', 'errors.md'), 'utf8');
    for (const code of Object.keys(ERROR_CODES)) expect(docs).toContain(`\`${code}\``);
  });

  it('carries status and retriability from the code', () => {
    const error = new AppError('KAFKA_UNAVAILABLE', 'down');
    expect(error.status).toBe(503);
    expect(error.retriable).toBe(true);
    expect(new AppError('INVALID_JSON', 'x').retriable).toBe(false);
  });

  it('wraps foreign errors as INTERNAL and keeps AppErrors as they are', () => {
    const own = new AppError('NOT_FOUND', 'nope');
    expect(toAppError(own)).toBe(own);
    const wrapped = toAppError(new TypeError('boom'));
    expect(wrapped.code).toBe('INTERNAL');
    expect(wrapped.cause).toBeInstanceOf(TypeError);
  });
});
