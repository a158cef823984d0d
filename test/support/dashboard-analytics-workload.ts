import { randomInt } from 'node:crypto';

/**
 * What the dashboard's analytics browser test sends: two channels with daily audience samples,
 * posts and reactions (engagement rates), and a connected group whose newcomers stay, leave and
 * write (retention). The expected figures are computed here from the same numbers, as the API
 * documents them (docs/api.md, "Engagement rate", "Groups").
 */
export const DAY = 86_400_000;
const HOUR = 3_600_000;
export const TODAY = Math.floor(Date.now() / DAY) * DAY;
const seconds = (ms: number) => Math.floor(ms / 1000);

/** A channel of the workload: its chat, daily audience, and posts with the reactions seen 2 hours later. */
export interface WorkloadChannel {
  chatId: number;
  key: string;
  title: string;
  samples: { at: number; count: number }[];
  posts: { id: number; at: number; reactions: number }[];
}

function channel(title: string, base: number, growth: number, postDays: number[], reactionStep: number) {
  const chatId = -1_001_000_000_000 - randomInt(1, 900_000_000);
  const samples = Array.from({ length: 26 }, (_, d) => ({
    at: TODAY - (25 - d) * DAY + 12 * HOUR,
    count: base + growth * d,
  })).filter((sample) => sample.at < Date.now() - 60_000);
  const posts = postDays.map((day, i) => ({
    id: i + 1,
    at: TODAY - day * DAY + 15 * HOUR,
    reactions: 10 + reactionStep * i,
  }));
  return { chatId, key: `telegram:${chatId}`, title, samples, posts };
}

export const ALPHA: WorkloadChannel = channel('Alpha News', 4000, 10, [9, 8, 7, 6, 5, 4, 3, 2], 5);
export const BETA: WorkloadChannel = channel('Beta Daily', 2000, 5, [8, 6, 4, 3, 2], 3);

/** The audience when `at` happened: the last sample at or before it. */
const audienceAt = (c: WorkloadChannel, at: number) => c.samples.filter((s) => s.at <= at).at(-1)!.count;
const rate = (interactions: number, audience: number) => Math.round((interactions / audience) * 10_000) / 100;

/** Each post's rate as the top posts list shows it, most interactions first. */
export function expectedPostRates(c: WorkloadChannel): string[] {
  return [...c.posts]
    .sort((a, b) => b.reactions - a.reactions)
    .map((post) => `ER ${rate(post.reactions, audienceAt(c, post.at)).toFixed(2)}%`);
}

/** The mean daily rate: each post day's reactions (seen that day) over the day's last audience sample. */
export function expectedMeanRate(c: WorkloadChannel): string {
  const rates = c.posts.map((post) => rate(post.reactions, audienceAt(c, post.at + 8 * HOUR)));
  return `${(Math.round((rates.reduce((a, b) => a + b, 0) / rates.length) * 100) / 100).toFixed(2)}%`;
}

/** The Bot API updates of a channel's posts and reaction counts, with the time each happened. */
export function channelUpdates(c: WorkloadChannel): { at: number; body: object }[] {
  const chat = { id: c.chatId, title: c.title, username: `ch_${-c.chatId % 1e6}`, type: 'channel' };
  return c.posts.flatMap((post) => [
    {
      at: post.at,
      body: {
        channel_post: {
          message_id: post.id,
          sender_chat: chat,
          chat,
          date: seconds(post.at),
          text: `${c.title}: update number ${post.id}`,
        },
      },
    },
    {
      at: post.at + 2 * HOUR,
      body: {
        message_reaction_count: {
          chat,
          message_id: post.id,
          date: seconds(post.at + 2 * HOUR),
          reactions: [{ type: { type: 'emoji', emoji: '👍' }, total_count: post.reactions }],
        },
      },
    },
  ]);
}

export const GROUP_ID = -1_000_000_000_000 - randomInt(1e9, 9e9);
export const GROUP = `telegram:${GROUP_ID}`;

/**
 * A group's month: member 1 connects it, member 2 writes most days; three join 20 days ago (one
 * leaves 3 days later, one writes and member 2 replies to it: the only reply received), two 12
 * days ago (one writes), one 3 days ago (not measured yet). Retention: 5 measured, 4 stayed
 * (80%), 2 wrote (40%).
 */
export function groupUpdates(connectCode: string): { at: number; body: object }[] {
  const chat = {
    id: GROUP_ID,
    title: 'Makers',
    username: `makers_${-GROUP_ID % 100000}`,
    type: 'supergroup',
  };
  const day = (n: number, hour: number) => TODAY - n * DAY + hour * HOUR;
  const user = (member: number) => ({ id: 770_000 + member, is_bot: false, first_name: `member ${member}` });
  const sent = (at: number, member: number, text = 'hello') => ({
    message_id: randomInt(1, 1e9),
    from: user(member),
    chat,
    date: seconds(at),
    text,
  });
  const message = (at: number, member: number, text = 'hello') => ({
    at,
    body: { message: sent(at, member, text) },
  });
  const welcome = sent(day(18, 14), 101, 'hi all, new here');
  const reply = { ...sent(day(18, 15), 2, 'welcome!'), reply_to_message: welcome };
  const change = (at: number, member: number, joins: boolean) => ({
    at,
    body: {
      chat_member: {
        chat,
        from: user(member),
        date: seconds(at),
        old_chat_member: { user: user(member), status: joins ? 'left' : 'member' },
        new_chat_member: { user: user(member), status: joins ? 'member' : 'left' },
      },
    },
  });
  return [
    message(day(21, 9), 1, `/start@social_analytics_bot ${connectCode}`),
    ...[20, 18, 15, 12, 9, 6, 4, 2].map((n) => message(day(n, 10), 2)),
    change(day(20, 11), 101, true),
    change(day(20, 12), 102, true),
    change(day(20, 13), 103, true),
    { at: welcome.date * 1000, body: { message: welcome } },
    { at: reply.date * 1000, body: { message: reply } },
    change(day(17, 20), 103, false),
    change(day(12, 11), 104, true),
    change(day(12, 12), 105, true),
    message(day(10, 14), 104),
    change(day(3, 11), 106, true),
  ];
}

/** The only member another member replied to, as the top members ranked by replies show it. */
export const REPLIED_TO = 'Member 770101: 1 message on 1 day, 1 reply received';

export const RETENTION_SUMMARY =
  'Of 5 newcomers whose first 7 days are over, 80% stayed and 40% wrote in those 7 days.';
