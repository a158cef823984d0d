/** What an API failure means to a person, from its status and the API's error body: pure, tested. */

/** A failed call, kept with its status and the API's stable error code. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

/** What the page shows for a failure. */
export type ViewError =
  | { kind: 'upgrade'; plan: string | null; message: string }
  | { kind: 'sign-in'; message: string }
  | { kind: 'unavailable'; message: string; retryAfterSeconds: number | null }
  | { kind: 'rate-limited'; message: string; retryAfterSeconds: number | null }
  | { kind: 'problem'; message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The API's `{ error: { code, message, details? } }` as an ApiFailure; anything else keeps its status. */
export function toFailure(status: number, body: unknown): ApiFailure {
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const code = typeof error?.code === 'string' ? error.code : `HTTP_${status}`;
  const message = typeof error?.message === 'string' ? error.message : `the server answered ${status}`;
  const details = isRecord(error?.details) ? error.details : {};
  return new ApiFailure(status, code, message, details);
}

/** Codes that mean the session is over: refresh once, then sign in again. */
export const SESSION_ENDED: ReadonlySet<string> = new Set([
  'UNAUTHORIZED',
  'TOKEN_INVALID',
  'TOKEN_EXPIRED',
  'REFRESH_TOKEN_REUSED',
]);

/** Maps a failure to what the viewer sees: 402 names the plan, 401 signs in, 503 is temporary. */
export function viewError(failure: unknown, retryAfter: string | null = null): ViewError {
  if (!(failure instanceof ApiFailure)) {
    return {
      kind: 'unavailable',
      message: 'The server cannot be reached. Check your connection and try again.',
      retryAfterSeconds: null,
    };
  }
  const seconds = retryAfterSeconds(retryAfter);
  if (failure.status === 402 || failure.code === 'PLAN_UPGRADE_REQUIRED') {
    const plan = typeof failure.details.required_plan === 'string' ? failure.details.required_plan : null;
    return {
      kind: 'upgrade',
      plan,
      message: sentence(failure.message),
    };
  }
  if (SESSION_ENDED.has(failure.code)) {
    return { kind: 'sign-in', message: 'Your session has ended. Please sign in again.' };
  }
  if (failure.status === 503 || failure.status === 504) {
    return {
      kind: 'unavailable',
      message: 'The data is temporarily unavailable. Please try again in a moment.',
      retryAfterSeconds: seconds,
    };
  }
  if (failure.status === 429) {
    return {
      kind: 'rate-limited',
      message: 'Too many requests. Please wait a moment and try again.',
      retryAfterSeconds: seconds,
    };
  }
  if (failure.status >= 500)
    return { kind: 'problem', message: 'Something went wrong on our side. Please try again.' };
  return { kind: 'problem', message: sentence(failure.message) };
}

/** A Retry-After header in seconds; null when there is none or it is not a number of seconds. */
export function retryAfterSeconds(header: string | null): number | null {
  return header !== null && /^\d+$/.test(header) ? Number(header) : null;
}

/** The API's messages are lower-case clauses; the page shows a sentence. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capital = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
