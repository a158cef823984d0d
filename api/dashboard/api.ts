/** Calls through the typed client, with one refresh on an ended access token and errors as ApiFailure. */
import { SESSION_ENDED, toFailure } from './api-errors';
import { refreshSession } from './session';

/** What openapi-fetch answers: data on success, error otherwise, and the response. */
interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Called when the session cannot be refreshed (the app shows sign-in). */
let onSessionEnded: () => void = () => undefined;

/** Sets what happens when a call finds the session over. */
export function whenSessionEnds(handler: () => void): void {
  onSessionEnded = handler;
}

/** Retry-After of the last failed call, for the messages that say when to try again. */
export let lastRetryAfter: string | null = null;

/**
 * Runs `request` (a call of the typed client); on 401 with an ended or expired token, refreshes the
 * session once and runs it again. Resolves with the answer's data; rejects with an ApiFailure.
 */
export async function call<T>(request: () => Promise<Answer<T>>): Promise<T> {
  let answer = await request();
  if (answer.response.status === 401 && SESSION_ENDED.has(toFailure(401, answer.error).code)) {
    if (await refreshSession()) answer = await request();
  }
  if (answer.response.ok) return answer.data as T;
  lastRetryAfter = answer.response.headers.get('Retry-After');
  const failure = toFailure(answer.response.status, answer.error);
  if (SESSION_ENDED.has(failure.code)) onSessionEnded();
  throw failure;
}
