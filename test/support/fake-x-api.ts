import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { snowflakeTime } from '../../schemas/x-snowflake';
import type { XPost, XUser } from '../../connectors/twitter/x-types';

/** A scripted answer for the next request to an endpoint, before the normal one. */
export type XFault = 500 | 503 | 429 | 'hang';

export type RequestMatcher = (endpoint: string, query: Record<string, string>) => boolean;

export interface FakeXOptions {
  bearerToken?: string;
  /** Requests per 15-minute window, per endpoint (X's app limits differ; 900 is a common one). */
  limit?: number;
  /** The server's clock in ms (tests with a fake clock pass theirs). */
  now?: () => number;
}

const WINDOW_MS = 15 * 60 * 1000;
const SEARCH_REACH_MS = 7 * 24 * 3_600_000;

/** The query parameters each endpoint knows; X answers 400 to any other. */
const PARAMETERS: Record<string, string[]> = {
  'users/:id/tweets': [
    'tweet.fields',
    'max_results',
    'since_id',
    'until_id',
    'pagination_token',
    'expansions',
    'user.fields',
    'exclude',
    'start_time',
    'end_time',
  ],
  'tweets/search/recent': [
    'query',
    'tweet.fields',
    'max_results',
    'since_id',
    'until_id',
    'next_token',
    'expansions',
    'user.fields',
    'start_time',
    'end_time',
    'sort_order',
  ],
  tweets: ['ids', 'tweet.fields', 'expansions', 'user.fields'],
  users: ['ids', 'user.fields', 'expansions', 'tweet.fields'],
};

/**
 * A local X API v2 for tests, since X cannot run here: the real paths, query parameters, JSON
 * shapes (data, meta with newest_id/oldest_id/next_token, errors as problem JSON), bearer auth and
 * `x-rate-limit-*` headers with 429 once a window is spent. Posts and users are seeded by tests.
 */
export class FakeXApi {
  readonly requests: { endpoint: string; path: string; query: Record<string, string> }[] = [];
  private readonly posts = new Map<string, XPost>();
  private readonly users = new Map<string, XUser>();
  private readonly faults: { matches: RequestMatcher; fault: XFault }[] = [];
  private readonly windows = new Map<string, { used: number; resetAt: number }>();
  private server?: Server;
  private readonly now: () => number;

  constructor(private readonly options: FakeXOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): void {
    this.server?.closeAllConnections();
    this.server?.close();
  }

  addUser(user: XUser): void {
    this.users.set(user.id, user);
  }

  /** Adds or replaces a post (replacing is how metrics grow). */
  addPost(post: XPost): void {
    this.posts.set(post.id, post);
  }

  /** The next requests to `endpoint` answer these faults, one each, before normal answers. */
  fail(endpoint: string, ...faults: XFault[]): void {
    this.failWhere((e) => e === endpoint, ...faults);
  }

  /** As `fail`, for the next requests that `matches` picks (e.g. only second pages). */
  failWhere(matches: RequestMatcher, ...faults: XFault[]): void {
    for (const fault of faults) this.faults.push({ matches, fault });
  }

  /** Requests made to one endpoint. */
  calls(endpoint: string): Record<string, string>[] {
    return this.requests.filter((r) => r.endpoint === endpoint).map((r) => r.query);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const query = Object.fromEntries(url.searchParams);
    const timeline = /^\/2\/users\/([^/]+)\/tweets$/.exec(url.pathname);
    const endpoint = timeline ? 'users/:id/tweets' : url.pathname.replace(/^\/2\//, '');
    this.requests.push({ endpoint, path: url.pathname, query });
    if (req.headers.authorization !== `Bearer ${this.options.bearerToken ?? 'test-bearer'}`) {
      return problem(res, 401, 'Unauthorized');
    }
    const index = this.faults.findIndex((f) => f.matches(endpoint, query));
    const fault = index < 0 ? undefined : this.faults.splice(index, 1)[0]!.fault;
    if (fault === 'hang') return;
    const window = this.window(endpoint);
    res.setHeader('x-rate-limit-limit', String(this.options.limit ?? 900));
    res.setHeader('x-rate-limit-reset', String(Math.ceil(window.resetAt / 1000)));
    if (fault === 429 || window.used >= (this.options.limit ?? 900)) {
      res.setHeader('x-rate-limit-remaining', '0');
      return problem(res, 429, 'Too Many Requests');
    }
    window.used += 1;
    res.setHeader('x-rate-limit-remaining', String((this.options.limit ?? 900) - window.used));
    if (fault !== undefined) return problem(res, fault, 'Service Unavailable');
    const unknown = Object.keys(query).filter((name) => !(PARAMETERS[endpoint] ?? []).includes(name));
    if (unknown.length > 0)
      return problem(res, 400, `The query parameters [${unknown.join(',')}] are not known to ${endpoint}`);
    if (timeline) {
      const user = decodeURIComponent(timeline[1]!);
      if (!this.users.has(user) && ![...this.posts.values()].some((p) => p.author_id === user)) {
        const detail = `Could not find user with id: [${user}].`;
        return json(res, 200, {
          errors: [
            {
              value: user,
              detail,
              title: 'Not Found Error',
              resource_type: 'user',
              parameter: 'id',
              resource_id: user,
              type: 'https://api.twitter.com/2/problems/resource-not-found',
            },
          ],
        });
      }
      return this.list(res, query, 'pagination_token', (p) => p.author_id === user, 5);
    }
    if (endpoint === 'tweets/search/recent') {
      const since = query.since_id;
      if (since !== undefined && snowflakeTime(since) < this.now() - SEARCH_REACH_MS) {
        return problem(
          res,
          400,
          `Invalid 'since_id':'${since}'. 'since_id' must be a tweet id created after the start of the last 7 days.`,
        );
      }
      return this.list(res, query, 'next_token', matches(query.query ?? ''), 10);
    }
    if (endpoint === 'tweets') return this.lookupPosts(res, query);
    if (endpoint === 'users') return this.lookup(res, query, this.users, 'user');
    problem(res, 404, 'Not Found');
  }

  private window(endpoint: string) {
    let window = this.windows.get(endpoint);
    if (!window || window.resetAt <= this.now()) {
      window = { used: 0, resetAt: this.now() + WINDOW_MS };
      this.windows.set(endpoint, window);
    }
    return window;
  }

  /** A newest-first list between since_id and until_id, paged by an opaque token. */
  private list(
    res: ServerResponse,
    query: Record<string, string>,
    tokenParameter: 'pagination_token' | 'next_token',
    include: (p: XPost) => boolean,
    min: number,
  ) {
    const max = Number(query.max_results ?? 10);
    if (!Number.isInteger(max) || max < min || max > 100) {
      return problem(res, 400, `max_results must be between ${min} and 100`);
    }
    const after = (id: string, bound?: string) => bound === undefined || BigInt(id) > BigInt(bound);
    const before = (id: string, bound?: string) => bound === undefined || BigInt(id) < BigInt(bound);
    const token = query[tokenParameter];
    const cursor = token === undefined ? undefined : Buffer.from(token, 'base64url').toString();
    const all = [...this.posts.values()]
      .filter((p) => include(p) && after(p.id, query.since_id) && before(p.id, query.until_id))
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    const rest = all.filter((p) => before(p.id, cursor));
    const page = rest.slice(0, max);
    const meta: Record<string, unknown> = { result_count: page.length };
    if (page.length > 0) Object.assign(meta, { newest_id: page[0]!.id, oldest_id: page.at(-1)!.id });
    if (rest.length > max) meta.next_token = Buffer.from(page.at(-1)!.id).toString('base64url');
    json(
      res,
      200,
      page.length > 0 ? { data: this.fields(page, query), ...this.includes(page, query), meta } : { meta },
    );
  }

  /**
   * Posts as X answers them: `id`, `text` and `edit_history_tweet_ids` always, any other field
   * only when `tweet.fields` names it (so a long post's `note_tweet` comes only when asked for).
   */
  private fields(posts: XPost[], query: Record<string, string>): XPost[] {
    const wanted = new Set([
      'id',
      'text',
      'edit_history_tweet_ids',
      ...(query['tweet.fields'] ?? '').split(','),
    ]);
    return posts.map(
      (post) => Object.fromEntries(Object.entries(post).filter(([name]) => wanted.has(name))) as XPost,
    );
  }

  /**
   * With `expansions=referenced_tweets.id`, the posts the answer's posts repost, quote or reply to
   * (those the fake holds), once each, in `includes.tweets` with the same `tweet.fields`.
   */
  private includes(posts: XPost[], query: Record<string, string>): { includes?: { tweets: XPost[] } } {
    if (!(query.expansions ?? '').split(',').includes('referenced_tweets.id')) return {};
    const ids = new Set(
      posts.flatMap((post) => (post.referenced_tweets ?? []).map((reference) => reference.id)),
    );
    const tweets = [...ids].flatMap((id) => (this.posts.has(id) ? [this.posts.get(id)!] : []));
    return tweets.length > 0 ? { includes: { tweets: this.fields(tweets, query) } } : {};
  }

  /** A post lookup: as any lookup, with the fields and includes a list answers with. */
  private lookupPosts(res: ServerResponse, query: Record<string, string>) {
    const found = (query.ids ?? '')
      .split(',')
      .flatMap((id) => (this.posts.has(id) ? [this.posts.get(id)!] : []));
    const shaped = new Map(this.fields(found, query).map((post) => [post.id, post]));
    return this.lookup(res, query, shaped, 'tweet', this.includes(found, query));
  }

  private lookup<T extends { id: string }>(
    res: ServerResponse,
    query: Record<string, string>,
    from: Map<string, T>,
    kind: string,
    extra: Record<string, unknown> = {},
  ) {
    const ids = (query.ids ?? '').split(',').filter(Boolean);
    if (ids.length === 0 || ids.length > 100) return problem(res, 400, 'ids must name 1 to 100 objects');
    const data = ids.flatMap((id) => (from.has(id) ? [from.get(id)!] : []));
    const errors = ids
      .filter((id) => !from.has(id))
      .map((id) => ({
        value: id,
        detail: `Could not find ${kind} with ids: [${id}].`,
        title: 'Not Found Error',
        resource_type: kind,
        parameter: 'ids',
        resource_id: id,
        type: 'https://api.twitter.com/2/problems/resource-not-found',
      }));
    json(res, 200, {
      ...(data.length > 0 ? { data, ...extra } : {}),
      ...(errors.length > 0 ? { errors } : {}),
    });
  }
}

/** Recent search, as far as tests need it: every term must occur in the whole text (case-insensitive). */
function matches(query: string): (post: XPost) => boolean {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  return (post) => terms.every((term) => (post.note_tweet?.text ?? post.text).toLowerCase().includes(term));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

function problem(res: ServerResponse, status: number, title: string): void {
  json(res, status, { title, detail: title, type: 'about:blank', status });
}
