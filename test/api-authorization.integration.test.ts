import { randomBytes, randomInt } from 'node:crypto';
import { Pool } from 'pg';
import { AccessTokens } from '../api/auth/access-tokens';
import { ROLES, type Role, can } from '../api/auth/permissions';
import { Sessions } from '../api/auth/sessions';
import type { ApiRoute } from '../api/http/route';
import { createRedis } from '../platform/clients/redis';
import { type RunningApp, callApi, setPlan, signUp, startApp } from './support/app';
import { uniqueName } from './support/isolation';

/**
 * The authorization matrix: every route × every role × the caller's own organization and another
 * one, each cell's expected status derived from the permission table. A caller's role decides
 * whether a route runs at all (403); another organization's resources do not exist for it (404);
 * and no answer ever carries another organization's data. The routes come from the running API,
 * so a route added without an example here fails the suite.
 */

interface Org {
  id: string;
  ownerId: string;
  channel: string;
}
interface Request {
  path: string;
  body?: unknown;
}
interface Example {
  own: (org: Org) => Promise<Request>;
  /** A request naming a resource of the other organization; collection routes have none. */
  foreign?: (other: Org) => Promise<Request>;
  /**
   * What an allowed caller gets when no example can succeed for every caller (accepting an
   * invitation needs the invitee's own account): still never 401 or 403.
   */
  allowedStatus?: number;
}

// Sign-in with OpenID Connect is sign-in too: its start and the provider's redirect back come
// before the caller has any token (the callback is bound to its one-use state instead).
// So is a password reset: its request and its mailed token come from someone who cannot sign in.
const PUBLIC_ROUTES = [
  'signUp',
  'signIn',
  'refreshTokens',
  'getOidcProvider',
  'startOidcSignIn',
  'finishOidcSignIn',
  'requestPasswordReset',
  'resetPassword',
];

describe('authorization of every route, for every role, in and out of the organization', () => {
  let app: RunningApp;
  let postgres: Pool;
  let redis: ReturnType<typeof createRedis>;
  let tokens: AccessTokens;
  let sessions: Sessions;
  let mine: Org;
  let theirs: Org;
  /** Everything of the other organization an answer must never show. */
  const foreignMarkers: string[] = [];

  const channelKey = () => `telegram:-100${randomInt(1e9, 9e9)}`;
  const newChannel = async (org: Org) => {
    const key = channelKey();
    await postgres.query(
      "INSERT INTO tracked_channels (organization_id, source, channel_id) VALUES ($1, 'telegram', $2)",
      [org.id, key.split(':')[1]],
    );
    return key;
  };
  const newUser = async () => {
    const email = `${uniqueName('member-')}@example.com`;
    const { rows } = await postgres.query<{ id: string }>(
      'INSERT INTO users (email) VALUES ($1) RETURNING id',
      [email],
    );
    return { id: rows[0]!.id, email };
  };
  const newMember = async (org: Org, role: Role = 'viewer') => {
    const user = await newUser();
    await postgres.query('INSERT INTO memberships (organization_id, user_id, role) VALUES ($1, $2, $3)', [
      org.id,
      user.id,
      role,
    ]);
    return user.id;
  };
  const newApiKey = async (org: Org) => {
    const { rows } = await postgres.query<{ id: string }>(
      "INSERT INTO api_keys (organization_id, role, name, secret_hash) VALUES ($1, 'viewer', 'matrix', $2) RETURNING id",
      [org.id, randomBytes(32)],
    );
    return rows[0]!.id;
  };
  const newInvitation = async (org: Org) => {
    const { rows } = await postgres.query<{ id: string }>(
      "INSERT INTO invitations (organization_id, email, role, token_hash, expires_at) VALUES ($1, $2, 'viewer', $3, now() + interval '1 day') RETURNING id",
      [org.id, `${uniqueName('invited-')}@example.com`, randomBytes(32)],
    );
    return rows[0]!.id;
  };
  /** A fresh session for a user of `org` with `role` (a new member, so owner rules never interfere). */
  const tokenFor = async (org: Org, role: Role) => {
    const userId = role === 'owner' ? org.ownerId : await newMember(org, role);
    const { sessionId } = await sessions.start({ userId, organizationId: org.id });
    return tokens.issue({ userId, organizationId: org.id, role, sessionId });
  };
  const foreign = <T extends string>(value: T) => (foreignMarkers.push(value), value);

  const EXAMPLES: Record<string, Example> = {
    whoAmI: { own: async () => ({ path: '/v1/me' }) },
    signOut: { own: async () => ({ path: '/v1/auth/logout' }) },
    signOutEverywhere: { own: async () => ({ path: '/v1/auth/logout-all' }) },
    getOrganization: { own: async () => ({ path: '/v1/organization' }) },
    listMembers: { own: async () => ({ path: '/v1/organization/members' }) },
    changePassword: {
      // The matrix's users have no password: a too-short new one shows the route was reached.
      own: async () => ({
        path: '/v1/auth/password',
        body: { current_password: 'irrelevant', new_password: 'short' },
      }),
      allowedStatus: 400,
    },
    inviteMember: {
      own: async () => ({
        path: '/v1/organization/invitations',
        body: { email: (await newUser()).email, role: 'viewer' },
      }),
    },
    listInvitations: { own: async () => ({ path: '/v1/organization/invitations' }) },
    revokeInvitation: {
      own: async (org) => ({ path: `/v1/organization/invitations/${await newInvitation(org)}` }),
      foreign: async (other) => ({
        path: `/v1/organization/invitations/${foreign(await newInvitation(other))}`,
      }),
    },
    acceptInvitation: {
      own: async () => ({
        path: '/v1/invitations/accept',
        body: { token: randomBytes(32).toString('base64url') },
      }),
      allowedStatus: 404,
    },
    changeMemberRole: {
      own: async (org) => ({
        path: `/v1/organization/members/${await newMember(org)}`,
        body: { role: 'analyst' },
      }),
      foreign: async (other) => ({
        path: `/v1/organization/members/${foreign(await newMember(other))}`,
        body: { role: 'analyst' },
      }),
    },
    removeMember: {
      own: async (org) => ({ path: `/v1/organization/members/${await newMember(org)}` }),
      foreign: async (other) => ({ path: `/v1/organization/members/${foreign(await newMember(other))}` }),
    },
    listApiKeys: { own: async () => ({ path: '/v1/api-keys' }) },
    createApiKey: { own: async () => ({ path: '/v1/api-keys', body: { name: 'matrix', role: 'viewer' } }) },
    revokeApiKey: {
      own: async (org) => ({ path: `/v1/api-keys/${await newApiKey(org)}` }),
      foreign: async (other) => ({ path: `/v1/api-keys/${foreign(await newApiKey(other))}` }),
    },
    getSubscription: { own: async () => ({ path: '/v1/billing/subscription' }) },
    startCheckout: {
      own: async () => ({
        path: '/v1/billing/checkout',
        body: {
          plan: 'pro',
          success_url: 'https://app.example.com/ok',
          cancel_url: 'https://app.example.com/no',
        },
      }),
    },
    openBillingPortal: {
      own: async () => ({ path: '/v1/billing/portal', body: { return_url: 'https://app.example.com/' } }),
    },
    listInvoices: { own: async () => ({ path: '/v1/billing/invoices' }) },
    listChannels: { own: async () => ({ path: '/v1/channels' }) },
    trackChannel: { own: async () => ({ path: '/v1/channels', body: { channel: channelKey() } }) },
    createTelegramConnectCode: { own: async () => ({ path: '/v1/telegram/connect-codes' }) },
    untrackChannel: {
      own: async (org) => ({ path: `/v1/channels/${await newChannel(org)}` }),
      foreign: async (other) => ({ path: `/v1/channels/${foreign(await newChannel(other))}` }),
    },
    streamChannelMetrics: {
      own: async (org) => ({ path: `/v1/channels/${org.channel}/live?granularity=day` }),
      foreign: async (other) => ({
        path: `/v1/channels/${foreign(await newChannel(other))}/live?granularity=day`,
      }),
    },
    getChannelMetrics: {
      own: async (org) => ({ path: `/v1/channels/${org.channel}/metrics?granularity=day` }),
      foreign: async (other) => ({
        path: `/v1/channels/${foreign(await newChannel(other))}/metrics?granularity=day`,
      }),
    },
    compareChannels: {
      own: async (org) => ({ path: `/v1/compare?channels=${org.channel}&metric=posts` }),
      foreign: async (other) => ({
        path: `/v1/compare?channels=${foreign(await newChannel(other))}&metric=posts`,
      }),
    },
    searchAllPosts: {
      own: async (org) => ({ path: `/v1/search?q=launch&channels=${org.channel}` }),
      foreign: async (other) => ({
        path: `/v1/search?q=launch&channels=${foreign(await newChannel(other))}`,
      }),
    },
    ...Object.fromEntries(
      (
        [
          ['getTopPosts', 'posts/top'],
          ['searchPosts', 'posts/search?q=launch'],
          ['getTopTerms', 'terms?kind=mention'],
          ['getHourOfWeek', 'activity/hour-of-week?time_zone=Europe/Berlin'],
          ['getAudienceHistory', 'audience?granularity=day'],
          ['exportChannelData', 'export?dataset=posts'],
          ['getGroupActivity', 'group/activity'],
          ['getGroupTopMembers', 'group/members/top'],
          ['getGroupRetention', 'group/retention'],
          ['getEngagementRate', 'engagement'],
          ['getPostEngagementRates', 'engagement/posts'],
          ['getAudienceForecast', 'audience/forecast'],
        ] as const
      ).map(([id, question]): [string, Example] => [
        id,
        {
          own: async (org) => ({ path: `/v1/channels/${org.channel}/${question}` }),
          foreign: async (other) => ({
            path: `/v1/channels/${foreign(await newChannel(other))}/${question}`,
          }),
        },
      ]),
    ),
    // No channel of the matrix has posts: an allowed caller hears there is no such post.
    getPost: {
      own: async (org) => ({ path: `/v1/channels/${org.channel}/posts/1` }),
      foreign: async (other) => ({ path: `/v1/channels/${foreign(await newChannel(other))}/posts/1` }),
      allowedStatus: 404,
    },
  };

  const routes = (): ApiRoute[] => app.runtime.api!.routes;
  const call = async (apiRoute: ApiRoute, request: Request, token?: string) => {
    if (apiRoute.produces === undefined) {
      return callApi(app, apiRoute.method.toUpperCase(), request.path, { token, body: request.body });
    }
    if (apiRoute.produces === 'text/csv') {
      const response = await fetch(`${app.baseUrl}${request.path}`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      const body = response.ok ? await response.text() : ((await response.json()) as unknown);
      return { status: response.status, body };
    }
    // A stream never ends: its status and first event are the answer.
    const abort = new AbortController();
    const response = await fetch(`${app.baseUrl}${request.path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: abort.signal,
    });
    const first = response.ok
      ? new TextDecoder().decode((await response.body!.getReader().read()).value)
      : ((await response.json()) as unknown);
    abort.abort();
    return { status: response.status, body: first };
  };

  beforeAll(async () => {
    app = await startApp({ ROLES: 'api' });
    postgres = new Pool({ connectionString: app.config.postgres.url });
    redis = createRedis(app.config.redis);
    await redis.connect();
    tokens = new AccessTokens(app.config.auth.signingKeys, 300);
    sessions = new Sessions(redis, `${app.config.kafka.topicPrefix}auth:`, 300);
    const organization = async (name: string): Promise<Org> => {
      const owner = await signUp(app, name);
      await setPlan(app, owner.organizationId, 'enterprise'); // every feature on: only roles decide
      const { rows } = await postgres.query<{ user_id: string }>(
        'SELECT user_id FROM memberships WHERE organization_id = $1',
        [owner.organizationId],
      );
      const org = { id: owner.organizationId, ownerId: rows[0]!.user_id, channel: '' };
      org.channel = await newChannel(org);
      return org;
    };
    mine = await organization('Mine');
    theirs = await organization('Theirs');
    foreignMarkers.push(theirs.id, theirs.ownerId, theirs.channel);
  });
  afterAll(async () => {
    await postgres?.query('DELETE FROM organizations WHERE id = ANY($1::uuid[])', [[mine?.id, theirs?.id]]);
    await postgres?.end();
    redis?.disconnect();
    await app?.stop();
  });

  it('has an example for every route that needs a caller, and only the sign-in routes are public', () => {
    const ids = routes().map((r) => r.id);
    expect(
      routes()
        .filter((r) => r.access === 'public')
        .map((r) => r.id)
        .sort(),
    ).toEqual([...PUBLIC_ROUTES].sort());
    expect(ids.filter((id) => !PUBLIC_ROUTES.includes(id) && !(id in EXAMPLES))).toEqual([]);
    expect(Object.keys(EXAMPLES).filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('answers 401 to every non-public route called without credentials', async () => {
    const answers = await Promise.all(
      routes()
        .filter((r) => r.access !== 'public')
        .map(async (r) => [r.id, (await call(r, await EXAMPLES[r.id]!.own(mine))).status] as const),
    );
    expect(answers.filter(([, status]) => status !== 401)).toEqual([]);
  });

  it.each(ROLES)(
    'gives the %s role exactly what the permission table says, in its own organization and no other',
    async (role) => {
      const cells: string[] = [];
      for (const apiRoute of routes().filter((r) => r.access !== 'public')) {
        const example = EXAMPLES[apiRoute.id]!;
        const allowed =
          apiRoute.access === 'signed-in' || can(role, apiRoute.access as Parameters<typeof can>[1]);
        const own = await call(apiRoute, await example.own(mine), await tokenFor(mine, role));
        const expectedOwn = allowed ? (example.allowedStatus ?? apiRoute.status) : 403;
        const leaked = foreignMarkers.filter((marker) => JSON.stringify(own.body ?? '').includes(marker));
        cells.push(
          `${apiRoute.id} own: ${own.status === expectedOwn && leaked.length === 0 ? 'ok' : `${own.status} (expected ${expectedOwn}) ${leaked.join(',')}`}`,
        );
        if (example.foreign) {
          const other = await call(apiRoute, await example.foreign(theirs), await tokenFor(mine, role));
          const expectedForeign = allowed ? 404 : 403;
          cells.push(
            `${apiRoute.id} foreign: ${other.status === expectedForeign ? 'ok' : `${other.status} (expected ${expectedForeign})`}`,
          );
        }
      }
      expect(cells.filter((cell) => !cell.endsWith(': ok'))).toEqual([]);
      expect(cells.length).toBeGreaterThan(routes().length);
    },
  );

  it('leaves the other organization untouched by everything the matrix did', async () => {
    const { rows } = await postgres.query<{ n: string }>(
      'SELECT count(*) AS n FROM tracked_channels WHERE organization_id = $1 AND channel_id = $2',
      [theirs.id, theirs.channel.split(':')[1]],
    );
    expect(Number(rows[0]!.n)).toBe(1);
    const owner = await postgres.query(
      'SELECT role FROM memberships WHERE organization_id = $1 AND user_id = $2',
      [theirs.id, theirs.ownerId],
    );
    expect(owner.rows).toEqual([{ role: 'owner' }]);
  });
});
