import { randomInt } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import {
  type RunningApp,
  type TestAccount,
  callApi,
  postUpdate,
  setPlan,
  signUp,
  startApp,
} from './support/app';
import { eventually } from './support/eventually';

/**
 * Group analytics end to end: a month of a group's messages (a third of them replies), joins and
 * leaves through the webhook and the group-activity topology into ClickHouse, read back through the
 * API and compared with the same numbers computed here from the updates alone.
 */
const DAY = 86_400_000;
const TODAY = Math.floor(Date.now() / DAY) * DAY;
const FIRST = TODAY - 20 * DAY;
const GROUP = -1_000_000_000_000 - randomInt(1e9, 9e9);
const CHANNEL = `telegram:${GROUP}`;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const isoTime = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** What a message replies to: an earlier event's message (by index), a bot's, or the linked channel's post. */
type Replied = { member: number; index: number } | 'bot' | 'channel';

interface GroupEvent {
  at: number;
  member: number;
  kind: 'message' | 'join' | 'leave';
  replyTo?: Replied;
}

/** A seeded month: 4 regulars, 8 newcomers who join (some leave) and some write afterwards. */
function workload(): GroupEvent[] {
  let seed = 17;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const events: GroupEvent[] = [];
  const at = (day: number) => FIRST + day * DAY + 3_600_000 + Math.floor(random() * 20 * 3_600_000);
  for (let member = 1; member <= 4; member++) {
    for (let day = 0; day < 20; day++) {
      const messages = random() < 0.6 ? 1 + Math.floor(random() * member * 2) : 0;
      for (let i = 0; i < messages; i++) events.push({ at: at(day), member, kind: 'message' });
    }
  }
  for (let member = 5; member <= 12; member++) {
    const joined = Math.floor(random() * 16);
    events.push({ at: FIRST + joined * DAY + 1_000 * member, member, kind: 'join' });
    // A hello on the join day counts as activity that day, but not as activity after joining.
    if (member % 2 === 0) events.push({ at: FIRST + joined * DAY + 3_600_000, member, kind: 'message' });
    if (member === 12) continue; // only that hello
    for (let day = joined + 1; day < 20; day++) {
      if (random() < 0.25) events.push({ at: at(day), member, kind: 'message' });
    }
    if (member % 3 === 0)
      events.push({ at: FIRST + Math.min(19, joined + 3) * DAY + 23 * 3_600_000, member, kind: 'leave' });
  }
  return withReplies(events.sort((a, b) => a.at - b.at));
}

/**
 * Every third message replies to the latest message of another member (in turn); one replies to
 * its author's own message, one to a bot's and one to the linked channel's post (a comment): no
 * member received those.
 */
function withReplies(events: GroupEvent[]): GroupEvent[] {
  const latest = new Map<number, number>(); // member → index of their latest message
  let n = 0;
  let toSelf = false;
  return events.map((event, index) => {
    if (event.kind !== 'message') return event;
    const others = [...latest.entries()].filter(([member]) => member !== event.member);
    const own = latest.get(event.member);
    let replyTo: Replied | undefined;
    if (!toSelf && n >= 10 && own !== undefined)
      [replyTo, toSelf] = [{ member: event.member, index: own }, true];
    else if (n === 20) replyTo = 'bot';
    else if (n === 30) replyTo = 'channel';
    else if (n % 3 === 1 && others.length > 0) {
      const [member, at] = others[Math.floor(n / 3) % others.length]!;
      replyTo = { member, index: at };
    }
    n += 1;
    latest.set(event.member, index);
    return replyTo === undefined ? event : { ...event, replyTo };
  });
}

const memberId = (member: number) => String(880_000 + member);
const user = (member: number) => ({ id: 880_000 + member, is_bot: false, first_name: `member ${member}` });
const chat = { id: GROUP, title: 'Makers', username: `makers_${-GROUP % 100000}`, type: 'supergroup' };
let nextUpdate = randomInt(1e6, 1e9);
const seconds = (ms: number) => Math.floor(ms / 1000);
/** Messages are numbered as Telegram numbers a chat's: the i-th event's is i + 1. */
const messageId = (index: number) => index + 1;

/** The replied message as the Bot API nests it in `reply_to_message`. */
function repliedMessage(events: readonly GroupEvent[], replyTo: Replied) {
  if (replyTo === 'bot') {
    const bot = { id: 7_100_000_001, is_bot: true, first_name: 'Helper', username: 'helper_bot' };
    return { message_id: 1_000_001, from: bot, chat, date: seconds(FIRST), text: 'Rules: be kind' };
  }
  if (replyTo === 'channel') {
    // A comment on the linked channel's post, which Telegram copies into the group from its
    // placeholder user (not a bot) on behalf of the channel.
    const linked = { id: GROUP - 1, title: 'Makers News', type: 'channel' };
    const telegram = { id: 777000, is_bot: false, first_name: 'Telegram' };
    return {
      message_id: 1_000_002,
      from: telegram,
      sender_chat: linked,
      chat,
      date: seconds(FIRST),
      text: 'Release notes',
      is_automatic_forward: true,
    };
  }
  const { member, index } = replyTo;
  return {
    message_id: messageId(index),
    from: user(member),
    chat,
    date: seconds(events[index]!.at),
    text: 'hello',
  };
}

function toUpdate(events: readonly GroupEvent[], index: number, text = 'hello') {
  const event = events[index]!;
  const date = seconds(event.at);
  if (event.kind === 'message') {
    const reply =
      event.replyTo === undefined ? {} : { reply_to_message: repliedMessage(events, event.replyTo) };
    return {
      update_id: nextUpdate++,
      message: { message_id: messageId(index), from: user(event.member), chat, date, text, ...reply },
    };
  }
  const [before, after] = event.kind === 'join' ? ['left', 'member'] : ['member', 'left'];
  return {
    update_id: nextUpdate++,
    chat_member: {
      chat,
      from: user(event.member),
      date,
      old_chat_member: { user: user(event.member), status: before },
      new_chat_member: { user: user(event.member), status: after },
    },
  };
}

/** Day, week or month start (UTC) of a time, as the API names windows. */
const windowOf = (granularity: string, ms: number) => {
  const day = Math.floor(ms / DAY) * DAY;
  if (granularity === 'day') return isoTime(day);
  if (granularity === 'week') return isoTime(day - ((new Date(day).getUTCDay() + 6) % 7) * DAY);
  const date = new Date(ms);
  return isoTime(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
};

/** The windows the API should answer, computed from the events alone. */
function expectedWindows(events: GroupEvent[], granularity: string) {
  const windows = new Map<
    string,
    { writers: Set<number>; messages: number; joins: Set<number>; leaves: Set<number> }
  >();
  for (const event of events) {
    const start = windowOf(granularity, event.at);
    const window = windows.get(start) ?? {
      writers: new Set(),
      messages: 0,
      joins: new Set(),
      leaves: new Set(),
    };
    if (event.kind === 'message') {
      window.writers.add(event.member);
      window.messages += 1;
    } else (event.kind === 'join' ? window.joins : window.leaves).add(event.member);
    windows.set(start, window);
  }
  return [...windows.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([window_start, w]) => ({
      window_start,
      active_members: w.writers.size,
      messages: w.messages,
      messages_per_member:
        w.writers.size === 0 ? null : Math.round((w.messages / w.writers.size) * 100) / 100,
      joins: w.joins.size,
      leaves: w.leaves.size,
    }));
}

/**
 * Every member's messages, days written and replies received, from the events alone: a reply
 * counts for the author of the replied message when that is a member other than the replier.
 */
function memberRowsOf(events: readonly GroupEvent[]) {
  const counts = new Map<string, { messages: number; days: Set<string>; replies: number }>();
  const of = (member: number) => {
    const row = counts.get(memberId(member)) ?? { messages: 0, days: new Set<string>(), replies: 0 };
    counts.set(memberId(member), row);
    return row;
  };
  for (const event of events.filter((e) => e.kind === 'message')) {
    const author = of(event.member);
    author.messages += 1;
    author.days.add(isoDay(event.at));
    const to = event.replyTo;
    if (typeof to === 'object' && to.member !== event.member) of(to.member).replies += 1;
  }
  return [...counts.entries()].map(([member_id, m]) => ({
    member_id,
    messages: m.messages,
    active_days: m.days.size,
    replies_received: m.replies,
  }));
}

describe('group analytics: active members, top members, joins and leaves, retention', () => {
  let app: RunningApp;
  let owner: TestAccount;
  let outsider: TestAccount;
  const events = workload();
  const get = <T>(account: TestAccount, path: string) =>
    callApi<T>(app, 'GET', path, { token: account.token });
  const period = `from=${isoTime(FIRST)}&to=${isoTime(TODAY)}`;
  const memberRows = () => memberRowsOf(events);

  beforeAll(async () => {
    app = await startApp();
    [owner, outsider] = [await signUp(app), await signUp(app)];
    await setPlan(app, owner.organizationId, 'pro');
    await setPlan(app, outsider.organizationId, 'pro');
    const connect = await callApi<{ code: string }>(app, 'POST', '/v1/telegram/connect-codes', {
      token: owner.token,
    });
    // The first event is member 1's message: the connect command, counted as any message.
    events[0] = { ...events[0]!, member: 1, kind: 'message' };
    const updates = events.map((_event, i) =>
      toUpdate(events, i, i === 0 ? `/start@social_analytics_bot ${connect.body.code}` : 'hello'),
    );
    for (const update of updates) expect((await postUpdate(app, update)).status).toBe(200);
    for (const account of [owner, outsider]) {
      await eventually(
        () => callApi(app, 'POST', '/v1/channels', { token: account.token, body: { channel: CHANNEL } }),
        (answer) => answer.status === 201,
      );
    }
  }, 120_000);
  afterAll(() => app?.stop());

  it.each(['day', 'week', 'month'])(
    'answers %s windows equal to the updates’ own counts',
    async (granularity) => {
      const expected = expectedWindows(events, granularity);
      const read = () =>
        get<{ windows: unknown[] }>(
          owner,
          `/v1/channels/${CHANNEL}/group/activity?${period}&granularity=${granularity}`,
        );
      // The processors may still be catching up: wait for the counts, then compare what is there.
      const answer = await eventually(
        read,
        (response) => response.status === 200 && isDeepStrictEqual(response.body.windows, expected),
        120_000,
      ).catch(read);
      expect({ status: answer.status, windows: answer.body.windows }).toEqual({
        status: 200,
        windows: expected,
      });
    },
    150_000,
  );

  it('counts each member once over the whole period, and ranks the top members', async () => {
    const [totals] = expectedWindows(
      events.map((event) => ({ ...event, at: FIRST })),
      'day',
    );
    const activity = await get<{ totals: unknown }>(
      owner,
      `/v1/channels/${CHANNEL}/group/activity?${period}`,
    );
    expect(activity.body.totals).toEqual({ ...totals!, window_start: undefined });

    const ranked = memberRows()
      .filter((m) => m.messages > 0)
      .sort((a, b) => b.messages - a.messages || a.member_id.localeCompare(b.member_id))
      .slice(0, 5);
    const top = await get<{ members: unknown[] }>(
      owner,
      `/v1/channels/${CHANNEL}/group/members/top?${period}&limit=5`,
    );
    expect(top.body.members).toEqual(ranked);
    const byMessages = await get<{ members: unknown[] }>(
      owner,
      `/v1/channels/${CHANNEL}/group/members/top?${period}&limit=5&by=messages`,
    );
    expect(byMessages.body.members).toEqual(ranked);
  });

  it('ranks the members who received most replies from others (not their own, a bot’s or a channel’s)', async () => {
    const ranked = memberRows()
      .filter((m) => m.replies_received > 0)
      .sort((a, b) => b.replies_received - a.replies_received || a.member_id.localeCompare(b.member_id))
      .slice(0, 5);
    expect(ranked.length).toBeGreaterThan(1);
    const top = await get<{ members: unknown[] }>(
      owner,
      `/v1/channels/${CHANNEL}/group/members/top?${period}&limit=5&by=replies_received`,
    );
    expect({ status: top.status, members: top.body.members }).toEqual({ status: 200, members: ranked });
    const wrong = await get<{ error?: { code: string } }>(
      owner,
      `/v1/channels/${CHANNEL}/group/members/top?by=reactions`,
    );
    expect({ status: wrong.status, code: wrong.body.error?.code }).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
  });

  it('measures who of each day’s newcomers stayed and wrote in the 7 days after joining', async () => {
    const cohorts = new Map<
      string,
      { day: string; joined: number; stayed: number | null; active: number | null }
    >();
    for (const join of events.filter((e) => e.kind === 'join')) {
      const day = isoDay(join.at);
      const lastDay = Math.floor(join.at / DAY) * DAY + 7 * DAY;
      const cohort = cohorts.get(day) ?? { day, joined: 0, stayed: 0, active: 0 };
      cohort.joined += 1;
      const mine = events.filter(
        (e) => e.member === join.member && e.at >= Math.floor(join.at / DAY) * DAY && e.at < lastDay + DAY,
      );
      if (lastDay + DAY <= TODAY) {
        cohort.stayed! += mine.some((e) => e.kind === 'leave') ? 0 : 1;
        cohort.active! += mine.some((e) => e.kind === 'message' && isoDay(e.at) !== day) ? 1 : 0;
      } else [cohort.stayed, cohort.active] = [null, null];
      cohorts.set(day, cohort);
    }
    const expected = [...cohorts.values()].sort((a, b) => a.day.localeCompare(b.day));
    const retention = await get<{ cohorts: unknown[]; measured: number }>(
      owner,
      `/v1/channels/${CHANNEL}/group/retention?${period}`,
    );
    expect(retention.body.cohorts).toEqual(expected);
    expect(retention.body.measured).toBe(
      expected.filter((c) => c.stayed !== null).reduce((n, c) => n + c.joined, 0),
    );
  });

  it('shows a public group’s members only to the organization that connected it', async () => {
    expect((await get(outsider, `/v1/channels/${CHANNEL}/metrics?granularity=day`)).status).toBe(200);
    for (const path of ['group/activity', 'group/members/top', 'group/retention']) {
      const answer = await get<{ error?: { code: string } }>(outsider, `/v1/channels/${CHANNEL}/${path}`);
      expect({ path, status: answer.status, code: answer.body.error?.code }).toEqual({
        path,
        status: 403,
        code: 'CHAT_NOT_CONNECTED',
      });
    }
  });

  it('names the cheapest plan that reads further back than the Free plan’s 30 days', async () => {
    await setPlan(app, owner.organizationId, 'free');
    try {
      const old = `from=${isoTime(TODAY - 40 * DAY)}&to=${isoTime(TODAY)}`;
      const answer = await eventually(
        () =>
          get<{ error?: { code: string; details: { required_plan: string } } }>(
            owner,
            `/v1/channels/${CHANNEL}/group/activity?${old}`,
          ),
        (response) => response.status !== 200,
      );
      expect({ status: answer.status, required: answer.body.error?.details.required_plan }).toEqual({
        status: 402,
        required: 'pro',
      });
    } finally {
      await setPlan(app, owner.organizationId, 'pro');
    }
  });
});
