import { randomInt } from 'node:crypto';
import { Pool } from 'pg';
import {
  type RunningApp,
  type TestAccount,
  callApi,
  postUpdate,
  setPlan,
  signUp,
  startApp,
} from './support/app';
import { createTestDatabase } from './support/database';
import { eventually } from './support/eventually';
import { channelPost } from './support/telegram-updates';

/**
 * Issue 16, finding 6: private chats belong to the organization that connected them. Telegram
 * updates go through the real webhook, the processor and PostgreSQL; chat ids are random per run.
 */
describe('private Telegram chats', () => {
  let app: RunningApp;
  let database: { url: string; drop: () => Promise<void> };
  let nextUpdate = randomInt(1e6, 1e9);
  const now = () => Math.floor(Date.now() / 1000) - 60;
  const chatId = () => -1_000_000_000_000 - randomInt(1e9, 9e9);

  beforeAll(async () => {
    database = await createTestDatabase(); // the migration under test applies to a fresh database
    app = await startApp({ DATABASE_URL: database.url });
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  const groupMessage = (chat: number, text: string, username?: string) => ({
    update_id: nextUpdate++,
    message: {
      message_id: nextUpdate,
      from: { id: 7001, is_bot: false, first_name: 'Ada' },
      chat: { id: chat, title: 'Board room', type: 'supergroup', ...(username ? { username } : {}) },
      date: now(),
      text,
    },
  });
  const proAccount = async (): Promise<TestAccount> => {
    const account = await signUp(app);
    await setPlan(app, account.organizationId, 'pro');
    return account;
  };
  const track = (account: TestAccount, channel: string) =>
    callApi<{ error?: { code: string } }>(app, 'POST', '/v1/channels', {
      token: account.token,
      body: { channel },
    });
  const read = (account: TestAccount, path: string) =>
    callApi<{ posts?: { text: string }[]; error?: { code: string } }>(app, 'GET', path, {
      token: account.token,
    });
  /** A search of every channel `account` tracks (GET /v1/search): which it searched, what it found. */
  const searchAll = (account: TestAccount, q: string) =>
    callApi<{ channels: string[]; posts: { text: string }[] }>(app, 'GET', `/v1/search?q=${q}`, {
      token: account.token,
    });
  const post = async (update: unknown) => expect((await postUpdate(app, update)).status).toBe(200);
  /** Waits until the processor has stored the chat's newest post (read by `reader`, which may read it). */
  const stored = (reader: TestAccount, channel: string, text: string) =>
    eventually(
      () => read(reader, `/v1/channels/${channel}/posts/search?q=${encodeURIComponent(text)}`),
      (answer) => answer.status === 200 && (answer.body.posts?.length ?? 0) > 0,
    );

  it('refuses a private group to an organization that guessed its chat id (the finding)', async () => {
    const attacker = await proAccount();
    const chat = chatId();
    const channel = `telegram:${chat}`;
    // The attacker tracks the id before the bot has seen the chat: nothing to read yet.
    expect((await track(attacker, channel)).status).toBe(201);
    await post(groupMessage(chat, 'quarterly numbers are confidential'));
    // Until the processor has seen the chat there is nothing to read; then it must be refused.
    const search = await eventually(
      () => read(attacker, `/v1/channels/${channel}/posts/search?q=confidential`),
      (answer) => answer.status !== 200 || (answer.body.posts?.length ?? 0) > 0,
    );
    expect({ status: search.status, posts: search.body.posts }).toEqual({ status: 403, posts: undefined });

    for (const path of [
      `/v1/channels/${channel}/posts/search?q=confidential`,
      `/v1/channels/${channel}/posts/top`,
      `/v1/channels/${channel}/metrics?granularity=day`,
      `/v1/channels/${channel}/export?dataset=posts`,
    ]) {
      const answer = await read(attacker, path);
      expect({ path, status: answer.status, code: answer.body?.error?.code }).toEqual({
        path,
        status: 403,
        code: 'CHAT_NOT_CONNECTED',
      });
    }
    // Searched with every channel it tracks, the chat is left out: nothing shown, nothing to probe.
    const everywhere = await searchAll(attacker, 'confidential');
    expect([everywhere.status, everywhere.body.channels, everywhere.body.posts]).toEqual([200, [], []]);
    const other = await proAccount();
    expect((await track(other, channel)).body.error?.code).toBe('CHAT_NOT_CONNECTED');
    // An organization tracking nothing searches nothing, and is told so.
    const nothing = await searchAll(other, 'confidential');
    expect([nothing.status, nothing.body.channels, nothing.body.posts]).toEqual([200, [], []]);
  });

  it('binds a chat to the organization whose connect code arrives in it through the webhook', async () => {
    const [owner, latecomer] = [await proAccount(), await proAccount()];
    const chat = chatId();
    const channel = `telegram:${chat}`;
    await post(groupMessage(chat, 'before connecting'));
    // Once the bot has seen the private chat, tracking it needs the connection.
    await eventually(
      () => track(owner, channel),
      (answer) => answer.body.error?.code === 'CHAT_NOT_CONNECTED',
    );
    const code = await connect(owner, chat); // resolves once the owner could track it
    await post(groupMessage(chat, 'after connecting'));
    await stored(owner, channel, 'after');

    // The code was used once: posted again by someone else in another chat, it binds nothing.
    const elsewhere = chatId();
    await post(groupMessage(elsewhere, `/start ${code}`));
    // A second organization's code posted in a connected chat does not take it over.
    const takeover = await connectCode(latecomer);
    await post(groupMessage(chat, `/start ${takeover.code}`));
    await post(groupMessage(elsewhere, 'later message'));
    await eventually(
      () => track(latecomer, `telegram:${elsewhere}`),
      (answer) => answer.body.error?.code === 'CHAT_NOT_CONNECTED',
    );
    expect((await track(owner, `telegram:${elsewhere}`)).body.error?.code).toBe('CHAT_NOT_CONNECTED');
    expect((await track(latecomer, channel)).body.error?.code).toBe('CHAT_NOT_CONNECTED');
    expect((await read(owner, `/v1/channels/${channel}/posts/top`)).status).toBe(200);
  });

  it('connects a private channel by the code an administrator posts in it, and never by an expired code', async () => {
    const [owner, late] = [await proAccount(), await proAccount()];
    const chat = chatId();
    const channel = `telegram:${chat}`;
    const privateChannel = { id: chat, title: 'Private channel', type: 'channel' };
    const channelText = (text: string) => ({
      update_id: nextUpdate++,
      channel_post: {
        message_id: nextUpdate,
        sender_chat: privateChannel,
        chat: privateChannel,
        date: now(),
        text,
      },
    });
    const expired = await connectCode(late);
    const postgres = new Pool({ connectionString: database.url });
    try {
      await postgres.query(
        "UPDATE telegram_connect_codes SET expires_at = now() - interval '1 second' WHERE organization_id = $1",
        [late.organizationId],
      );
    } finally {
      await postgres.end();
    }
    await post(channelText(`/start ${expired.code}`));
    await eventually(
      () => track(late, channel),
      (answer) => answer.body.error?.code === 'CHAT_NOT_CONNECTED',
    );
    const { code } = await connectCode(owner);
    await post(channelText(`/start ${code}`));
    await eventually(
      () => track(owner, channel),
      (answer) => answer.status === 201,
    );
    await post(channelText('members only'));
    await stored(owner, channel, 'members');
  });

  it('keeps public channels trackable and readable by anyone', async () => {
    const [first, second] = [await proAccount(), await proAccount()];
    const chat = chatId();
    const channel = `telegram:${chat}`;
    await post(channelPost(nextUpdate++, 1, now(), chat));
    for (const account of [first, second]) expect((await track(account, channel)).status).toBe(201);
    await stored(first, channel, 'release');
    expect((await read(second, `/v1/channels/${channel}/posts/top`)).status).toBe(200);
  });

  it('shows a public group’s metrics to anyone but its messages only to the organization that connected it', async () => {
    const [owner, outsider] = [await proAccount(), await proAccount()];
    const chat = chatId();
    const channel = `telegram:${chat}`;
    await post(groupMessage(chat, 'hello public group', 'open_group'));
    await connect(owner, chat, 'open_group');
    expect((await track(outsider, channel)).status).toBe(201);
    await stored(owner, channel, 'hello');
    expect((await read(outsider, `/v1/channels/${channel}/metrics?granularity=day`)).status).toBe(200);
    const posts = await read(outsider, `/v1/channels/${channel}/posts/search?q=hello`);
    expect({ status: posts.status, code: posts.body.error?.code }).toEqual({
      status: 403,
      code: 'CHAT_NOT_CONNECTED',
    });
    // A search of every tracked channel: the group's messages for its owner, none for the outsider.
    const outsiders = await searchAll(outsider, 'hello');
    expect([outsiders.body.channels, outsiders.body.posts]).toEqual([[], []]);
    const owners = await searchAll(owner, 'hello');
    expect([owners.body.channels, owners.body.posts.map((hit) => hit.text)]).toEqual([
      [channel],
      ['hello public group'],
    ]);
  });

  it.each(['telegram:-0100', 'telegram:007', 'telegram:-01001987654321', 'twitter:0783214'])(
    'refuses the non-canonical channel id %s',
    async (channel) => {
      const account = await proAccount();
      const tracked = await track(account, channel);
      expect({ status: tracked.status, code: tracked.body.error?.code }).toEqual({
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      const metrics = await read(account, `/v1/channels/${channel}/metrics`);
      expect(metrics.status).toBe(400);
    },
  );

  async function connectCode(account: TestAccount) {
    const { status, body } = await callApi<{ code: string; command: string; expires_at: string }>(
      app,
      'POST',
      '/v1/telegram/connect-codes',
      { token: account.token },
    );
    expect(status).toBe(201);
    return body;
  }

  /**
   * Connects `chat` as Telegram does after `t.me/<bot>?startgroup=<code>` and tracks it once the
   * processor has connected it; resolves with the code.
   */
  async function connect(account: TestAccount, chat: number, username?: string): Promise<string> {
    const { code } = await connectCode(account);
    await post(groupMessage(chat, `/start@social_analytics_bot ${code}`, username));
    await eventually(
      () => track(account, `telegram:${chat}`),
      (answer) => answer.status === 201 || answer.body.error?.code === 'CONFLICT',
    );
    return code;
  }
});
