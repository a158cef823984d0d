import { Telegram } from 'telegraf';
import { AppError } from '../../platform/errors';
import { callSignal } from '../../platform/call-signal';
import { type Timing, realTiming } from '../../platform/timing';
import { RateLimiter } from './rate-limiter';

export interface BotApiOptions {
  readonly botToken: string;
  readonly apiRoot: string;
  /** Requests a second for the whole process (default 30). */
  readonly perSecond?: number;
  /** Retries after the first attempt (default 3). */
  readonly retries?: number;
  /** Per-attempt timeout (default 30 s). */
  readonly timeoutMs?: number;
  /** First backoff; doubled on every retry (default 500 ms). */
  readonly backoffMs?: number;
  readonly timing?: Timing;
}

interface TelegramFailure {
  response?: { error_code?: number; parameters?: { retry_after?: number } };
  name?: string;
}

/**
 * Outgoing Bot API calls within Telegram's rules: a process-wide rate limit, a timeout per
 * attempt, and retries with exponential backoff, waiting exactly `retry_after` when Telegram
 * answers 429. Client errors other than 429 (a chat the bot cannot see) are not retried.
 */
export class BotApiClient {
  private readonly telegram: Telegram;
  private readonly limiter: RateLimiter;
  private readonly timing: Timing;
  /** Aborted by close(): ends calls in flight and their backoffs. */
  private readonly closing = new AbortController();

  constructor(private readonly options: BotApiOptions) {
    this.telegram = new Telegram(options.botToken, { apiRoot: options.apiRoot });
    this.timing = options.timing ?? realTiming;
    this.limiter = new RateLimiter(options.perSecond ?? 30, this.timing);
  }

  /** Whether close() was called: rounds stop early and do not report what it cut short. */
  get closed(): boolean {
    return this.closing.signal.aborted;
  }

  /** Ends every call in flight at once with TELEGRAM_UNAVAILABLE; later calls fail the same way. */
  close(): void {
    this.closing.abort(new Error('the Bot API client is closed'));
  }

  /** Members (or subscribers) of a chat the bot can see. */
  getChatMemberCount(chatId: number | string): Promise<number> {
    return this.call('getChatMembersCount', { chat_id: chatId });
  }

  async call<T>(method: string, payload: Record<string, unknown>): Promise<T> {
    const retries = this.options.retries ?? 3;
    let backoff = this.options.backoffMs ?? 500;
    const closing = this.closing.signal;
    for (let attempt = 0; ; attempt += 1) {
      if (closing.aborted) throw closed(method, attempt);
      await this.limiter.acquire();
      try {
        return await this.attempt<T>(method, payload);
      } catch (error) {
        if (closing.aborted) throw closed(method, attempt + 1);
        const failure = error as TelegramFailure;
        const status = failure.response?.error_code;
        const retryable = status === undefined || status === 429 || status >= 500;
        if (!retryable || attempt >= retries) throw toAppError(method, failure, attempt + 1);
        const retryAfter = failure.response?.parameters?.retry_after;
        const wait = status === 429 && retryAfter !== undefined ? retryAfter * 1000 : backoff;
        await this.timing.sleep(wait, closing).catch(() => undefined); // closed: the loop's check throws
        backoff *= 2;
      }
    }
  }

  private async attempt<T>(method: string, payload: Record<string, unknown>): Promise<T> {
    const call = callSignal(this.closing.signal, this.options.timeoutMs ?? 30_000);
    try {
      const callApi = this.telegram.callApi as unknown as (
        method: string,
        payload: Record<string, unknown>,
        options: { signal: AbortSignal },
      ) => Promise<T>;
      return await callApi.call(this.telegram, method, payload, { signal: call.signal });
    } finally {
      call.done();
    }
  }
}

function closed(method: string, attempts: number): AppError {
  return new AppError(
    'TELEGRAM_UNAVAILABLE',
    `Bot API ${method} not sent: the client is closed (after ${attempts} attempt(s))`,
  );
}

function toAppError(method: string, failure: TelegramFailure, attempts: number): AppError {
  const status = failure.response?.error_code;
  const message = `Bot API ${method} failed after ${attempts} attempt(s): ${(failure as Error).message ?? 'no answer'}`;
  if (status !== undefined && status < 500 && status !== 429) {
    return new AppError('TELEGRAM_REQUEST_REFUSED', message, { cause: failure, details: { status } });
  }
  return new AppError('TELEGRAM_UNAVAILABLE', message, {
    cause: failure,
    ...(status ? { details: { status } } : {}),
  });
}
