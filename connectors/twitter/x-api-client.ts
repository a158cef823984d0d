import { AppError } from '../../platform/errors';
import { callSignal } from '../../platform/call-signal';
import { type Timing, realTiming } from '../../platform/timing';
import type { XItem, XPost, XUser } from './x-types';

export interface XApiOptions {
  readonly apiRoot: string;
  readonly bearerToken: string;
  /** Retries after the first attempt on a timeout, a network error or a 5xx (default 3). */
  readonly retries?: number;
  /** Per-attempt timeout (default 30 s). */
  readonly timeoutMs?: number;
  /** First backoff; doubled on every retry (default 1 s). */
  readonly backoffMs?: number;
  /** The longest single wait for a rate-limit window to reset (default 15 min, X's window, plus 1 s). */
  readonly maxRateLimitWaitMs?: number;
  readonly timing?: Timing;
  /** Told of every wait for a rate-limit window, so it shows in metrics. */
  readonly onRateLimitWait?: (endpoint: string, ms: number) => void;
}

/** One page of a list endpoint; `items` keeps each object's own JSON beside the parsed one. */
export interface XPage<T> {
  items: XItem<T>[];
  /** The posts the items repost, quote or reply to, as X included them (`includes.tweets`). */
  included: XItem<XPost>[];
  nextToken?: string;
  newestId?: string;
}

/** A page of a post list: newer than `sinceId`, older than `untilId`, continuing at `token`. */
export interface PageRequest {
  sinceId?: string;
  untilId?: string;
  token?: string;
  /** Posts wanted (X allows 5 to 100 for timelines, 10 to 100 for search). */
  max: number;
}

/**
 * `note_tweet` is the whole of a post longer than 280 characters (X cuts `text` short); the
 * expansion sends the posts that a repost, quote or reply references in `includes.tweets`, with
 * these same fields.
 */
const TWEET_FIELDS =
  'created_at,public_metrics,author_id,conversation_id,lang,referenced_tweets,entities,in_reply_to_user_id,note_tweet';
const EXPANSIONS = 'referenced_tweets.id';
const USER_FIELDS = 'public_metrics,created_at,username,name';
/** Lookups take at most 100 ids; list endpoints return at most 100 posts a page. */
export const X_MAX_IDS = 100;

interface Window {
  remaining: number;
  resetAt: number;
}

/**
 * The X API v2 calls the poller makes, with app-only (bearer) auth. It keeps X's rate limits:
 * it remembers `x-rate-limit-remaining` and `x-rate-limit-reset` per endpoint and waits for the
 * window to reset rather than spend a request on a certain 429; on a 429 anyway it waits until
 * the reset X names. Timeouts, network errors and 5xx are retried with exponential backoff.
 *
 * Written on fetch rather than a client library: twitter-api-v2 (the maintained one) only speaks
 * HTTPS to its fixed host, so it cannot be pointed at a local X API for tests.
 */
export class XApiClient {
  private readonly windows = new Map<string, Window>();
  private readonly timing: Timing;
  /** Aborted by close(): ends calls in flight, their backoffs and rate-limit waits. */
  private readonly closing = new AbortController();

  constructor(private readonly options: XApiOptions) {
    this.timing = options.timing ?? realTiming;
  }

  /** Whether close() was called: rounds stop early and do not report what it cut short. */
  get closed(): boolean {
    return this.closing.signal.aborted;
  }

  /**
   * Ends every call in flight at once, including one waiting up to 15 minutes for a rate-limit
   * window, with X_UNAVAILABLE; later calls fail the same way. A stopping process calls it so its
   * pollers' rounds end now rather than when X answers.
   */
  close(): void {
    this.closing.abort(new Error('the X client is closed'));
  }

  /** Posts of one account, newest first, after `sinceId` and before `untilId`. */
  userTweets(userId: string, page: PageRequest): Promise<XPage<XPost>> {
    return this.list(
      'users/:id/tweets',
      `users/${encodeURIComponent(userId)}/tweets`,
      {
        'tweet.fields': TWEET_FIELDS,
        expansions: EXPANSIONS,
        max_results: String(clamp(page.max, 5, 100)),
        since_id: page.sinceId,
        until_id: page.untilId,
        pagination_token: page.token,
      },
      true,
    );
  }

  /** Posts of the last 7 days matching `query`, newest first, after `sinceId` and before `untilId`. */
  searchRecent(query: string, page: PageRequest): Promise<XPage<XPost>> {
    return this.list(
      'tweets/search/recent',
      'tweets/search/recent',
      {
        query,
        'tweet.fields': TWEET_FIELDS,
        expansions: EXPANSIONS,
        max_results: String(clamp(page.max, 10, 100)),
        since_id: page.sinceId,
        until_id: page.untilId,
        next_token: page.token,
      },
      true,
    );
  }

  /** Current state of up to 100 posts; deleted or hidden ones are simply absent. */
  posts(ids: string[]): Promise<XPage<XPost>> {
    return this.list('tweets', 'tweets', {
      ids: ids.join(','),
      'tweet.fields': TWEET_FIELDS,
      expansions: EXPANSIONS,
    });
  }

  /** Up to 100 accounts with their public metrics (followers). */
  users(ids: string[]): Promise<XPage<XUser>> {
    return this.list('users', 'users', { ids: ids.join(','), 'user.fields': USER_FIELDS });
  }

  /**
   * A list or lookup answer. X reports an unknown, suspended or protected account as 200 with
   * `errors` and no `data`; for a timeline or search (`whole`) that is a refusal, while a lookup's
   * `errors` name just the ids that are gone.
   */
  private async list<T>(
    endpoint: string,
    path: string,
    query: Record<string, string | undefined>,
    whole = false,
  ) {
    const body = (await this.get(endpoint, path, query)) as {
      data?: T[];
      includes?: { tweets?: XPost[] };
      meta?: { next_token?: string; newest_id?: string };
      errors?: { title?: string; detail?: string }[];
    };
    if (whole && body.data === undefined && body.errors?.length) {
      const first = body.errors[0]!;
      throw new AppError(
        'X_REQUEST_REFUSED',
        `X refused ${endpoint}: ${first.detail ?? first.title ?? 'error'}`,
        {
          details: { endpoint, status: 200 },
        },
      );
    }
    return {
      items: (body.data ?? []).map(item),
      included: (body.includes?.tweets ?? []).map(item),
      nextToken: body.meta?.next_token,
      newestId: body.meta?.newest_id,
    };
  }

  private async get(
    endpoint: string,
    path: string,
    query: Record<string, string | undefined>,
  ): Promise<unknown> {
    const url = new URL(
      `2/${path}`,
      this.options.apiRoot.endsWith('/') ? this.options.apiRoot : `${this.options.apiRoot}/`,
    );
    for (const [name, value] of Object.entries(query))
      if (value !== undefined) url.searchParams.set(name, value);
    const retries = this.options.retries ?? 3;
    let backoff = this.options.backoffMs ?? 1000;
    let failures = 0;
    let rateLimited = 0;
    const closing = this.closing.signal;
    for (;;) {
      if (closing.aborted) throw closed(endpoint, failures);
      await this.waitForWindow(endpoint);
      const call = callSignal(closing, this.options.timeoutMs ?? 30_000);
      try {
        let response: Response;
        try {
          response = await fetch(url, {
            headers: { authorization: `Bearer ${this.options.bearerToken}` },
            signal: call.signal,
          });
          this.remember(endpoint, response.headers);
          if (response.ok) return await response.json();
        } catch (error) {
          if (closing.aborted) throw closed(endpoint, failures + 1);
          if (failures >= retries) throw unavailable(endpoint, (error as Error).message, failures + 1);
          failures += 1;
          await this.sleep(endpoint, backoff);
          backoff *= 2;
          continue;
        }
        const detail = await problem(response);
        if (response.status === 429) {
          if (rateLimited >= retries)
            throw unavailable(endpoint, 'still rate-limited (429)', rateLimited + 1);
          rateLimited += 1;
          // X names the reset in its headers (remembered above); without them, back off instead.
          const window = this.windows.get(endpoint);
          // No reset named, or one already past by our clock (skew): back off instead.
          if (!window || window.remaining > 0 || window.resetAt + 1000 <= this.timing.now()) {
            this.windows.set(endpoint, { remaining: 0, resetAt: this.timing.now() + backoff - 1000 });
            backoff *= 2;
          }
          continue;
        }
        if (response.status < 500) {
          throw new AppError('X_REQUEST_REFUSED', `X refused ${endpoint} (${response.status}): ${detail}`, {
            details: { endpoint, status: response.status },
          });
        }
        if (failures >= retries) throw unavailable(endpoint, `${response.status} ${detail}`, failures + 1);
        failures += 1;
        await this.sleep(endpoint, backoff);
        backoff *= 2;
      } finally {
        call.done();
      }
    }
  }

  /** A backoff or a rate-limit wait that close() ends at once, as X_UNAVAILABLE. */
  private async sleep(endpoint: string, ms: number): Promise<void> {
    try {
      await this.timing.sleep(ms, this.closing.signal);
    } catch {
      throw closed(endpoint, 0);
    }
  }

  private remember(endpoint: string, headers: Headers): void {
    const remaining = Number(headers.get('x-rate-limit-remaining'));
    const reset = Number(headers.get('x-rate-limit-reset'));
    const both = headers.has('x-rate-limit-remaining') && headers.has('x-rate-limit-reset');
    if (both && Number.isFinite(remaining) && Number.isFinite(reset)) {
      this.windows.set(endpoint, { remaining, resetAt: reset * 1000 });
    }
  }

  private async waitForWindow(endpoint: string): Promise<void> {
    const window = this.windows.get(endpoint);
    if (!window || window.remaining > 0) return;
    const wait = window.resetAt - this.timing.now() + 1000; // reset is in whole seconds; a second of slack
    if (wait <= 0) return;
    const cap = this.options.maxRateLimitWaitMs ?? 901_000;
    if (wait > cap) {
      throw unavailable(endpoint, `rate-limited until ${new Date(window.resetAt).toISOString()}`, 0);
    }
    this.options.onRateLimitWait?.(endpoint, wait);
    await this.sleep(endpoint, wait);
    this.windows.delete(endpoint);
  }
}

/** An answered object beside its JSON, re-serialized compactly (every field kept). */
function item<T>(value: T): XItem<T> {
  return { value, json: JSON.stringify(value) };
}

function closed(endpoint: string, attempts: number): AppError {
  return unavailable(endpoint, 'the X client is closed', attempts);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(value)));
}

/** X answers errors as RFC 7807 problem JSON ({ title, detail }). */
async function problem(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { title?: string; detail?: string };
    return body.detail ?? body.title ?? text;
  } catch {
    return text.slice(0, 200);
  }
}

function unavailable(endpoint: string, reason: string, attempts: number): AppError {
  return new AppError('X_UNAVAILABLE', `X ${endpoint} unavailable after ${attempts} attempt(s): ${reason}`, {
    details: { endpoint, attempts },
  });
}
