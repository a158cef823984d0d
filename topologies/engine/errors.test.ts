import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STREAMS_ERROR_CODES, StreamsError, describeFailure, toStreamsError } from './errors';

describe('StreamsError', () => {
  it('documents every code with its retriability in README.md', () => {
    const readme = readFileSync(join(__dirname, 'README.md'), 'utf8');
    for (const [code, { retriable }] of Object.entries(STREAMS_ERROR_CODES)) {
      expect(readme).toContain(`| \`${code}\` | ${retriable ? 'yes' : 'no'} |`);
    }
    const documented = [...readme.matchAll(/^\| `(STREAMS_[A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(STREAMS_ERROR_CODES).sort());
  });

  it('takes retriability from its code unless it wraps a failure that says otherwise', () => {
    expect(new StreamsError('STREAMS_TASK_MIGRATED', 'moved').retriable).toBe(true);
    expect(new StreamsError('STREAMS_DESERIALIZATION_FAILED', 'x', { retriable: true }).retriable).toBe(true);
  });

  it("keeps the code and retriability of an application's error, and falls back for anything else", () => {
    const own = Object.assign(new Error('registry down'), { code: 'REGISTRY_UNAVAILABLE', retriable: true });
    expect(describeFailure(own, 'STREAMS_DESERIALIZATION_FAILED')).toMatchObject({
      code: 'REGISTRY_UNAVAILABLE',
      retriable: true,
      message: 'registry down',
    });
    expect(describeFailure('boom', 'STREAMS_PROCESSING_FAILED')).toMatchObject({
      code: 'STREAMS_PROCESSING_FAILED',
      retriable: false,
      message: 'boom',
    });
  });

  it('keeps StreamsErrors as they are and wraps the rest', () => {
    const own = new StreamsError('STREAMS_STORE_UNAVAILABLE', 'not here');
    expect(toStreamsError(own)).toBe(own);
    const wrapped = toStreamsError(new TypeError('boom'));
    expect(wrapped).toMatchObject({ code: 'STREAMS_FAILED', retriable: false, message: 'boom' });
    expect(wrapped.cause).toBeInstanceOf(TypeError);
  });
});
