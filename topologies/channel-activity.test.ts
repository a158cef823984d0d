import type { ChannelStatsSample } from '../schemas/records/channel-stats';
import type { TelegramUpdateRecord } from '../schemas/records/telegram-update';
import type { AudienceWindow, ChannelActivityWindow } from '../schemas/activity-records';
import { contentAppDriver } from './content-app.fixture';
import { telegramUpdate } from '../schemas/records/telegram-update.fixture';
import { tweetRecord } from '../schemas/records/tweet.fixture';
import type { ExternalSink } from './engine';

const T0 = Date.UTC(2026, 11, 1, 12);
const MINUTE = 60_000;
const CHANNEL = 'telegram:-1001';

/** The latest state the sink was given of each window, as the versioned table keeps it. */
function latest<T extends { granularity: string; window_start: number }>(key: (value: T) => string) {
  const rows = new Map<string, T>();
  const sink: ExternalSink<string, T> = {
    write: async (records) => {
      for (const { value } of records)
        rows.set(`${key(value)}@${value.granularity}@${value.window_start}`, value);
    },
  };
  return { rows, sink };
}

function start() {
  const activity = latest<ChannelActivityWindow>((w) => `${w.source}:${w.channel_id}`);
  const audience = latest<AudienceWindow>((w) => `${w.source}:${w.channel_id}:${w.metric}`);
  /** Which sinks each commit wrote, in order. */
  const writes: string[] = [];
  const named = <V>(name: string, sink?: ExternalSink<string, V>): ExternalSink<string, V> => ({
    write: async (records, context) => {
      writes.push(name);
      await sink?.write(records, context);
    },
  });
  const { test, telegram, x, stats } = contentAppDriver({
    chats: named('chats'),
    content: named('content'),
    activity: named('activity', activity.sink),
    audience: named('audience', audience.sink),
  });
  const window = (granularity: string, start: number, channel = CHANNEL) =>
    activity.rows.get(`${channel}@${granularity}@${start}`);
  return { test, telegram, x, stats, window, audience: audience.rows, writes };
}

const post = (updateId: number, messageId: number, time: number) =>
  telegramUpdate(
    'channel_post',
    { message_id: messageId, date: time / 1000, chat: { id: -1001, type: 'channel' }, text: 'hi' },
    time,
    updateId,
  );

const edit = (updateId: number, messageId: number, postedAt: number, editedAt: number) =>
  telegramUpdate(
    'edited_channel_post',
    {
      message_id: messageId,
      date: postedAt / 1000,
      edit_date: editedAt / 1000,
      chat: { id: -1001, type: 'channel' },
      text: 'hi again',
    },
    editedAt,
    updateId,
  );

const reactions = (updateId: number, messageId: number, time: number, total: number) =>
  telegramUpdate(
    'message_reaction_count',
    {
      chat: { id: -1001 },
      message_id: messageId,
      date: time / 1000,
      reactions: [{ type: { type: 'emoji', emoji: '👍' }, total_count: total }],
    },
    time,
    updateId,
  );

const tweet = (observedAt: number, likes: number, reposts: number) =>
  tweetRecord({ created_at: T0, like_count: likes, retweet_count: reposts, observed_at: observedAt });

describe('channel-activity topology', () => {
  it('counts posts and edits per minute, hour and day, a redelivered update once', async () => {
    const { test, telegram, window } = start();
    const send = (record: TelegramUpdateRecord) => telegram.pipeInput(CHANNEL, record, record.event_time);
    await send(post(1, 42, T0 + 5_000));
    await send(post(1, 42, T0 + 5_000)); // redelivered
    await send(post(2, 43, T0 + 59_999));
    await send(post(3, 44, T0 + MINUTE));
    await send(edit(4, 42, T0 + 5_000, T0 + MINUTE + 30_000));
    expect(window('minute', T0)).toMatchObject({ posts: 2, edits: 0 });
    expect(window('minute', T0 + MINUTE)).toMatchObject({ posts: 1, edits: 1 });
    expect(window('hour', T0)).toMatchObject({ posts: 3, edits: 1, source: 'telegram', channel_id: '-1001' });
    expect(window('day', Date.UTC(2026, 11, 1))).toMatchObject({ posts: 3, edits: 1 });
    test.close();
  });

  it('turns absolute engagement counts into net changes at the time they are observed', async () => {
    const { test, telegram, window } = start();
    const send = (record: TelegramUpdateRecord) => telegram.pipeInput(CHANNEL, record, record.event_time);
    await send(post(1, 42, T0));
    await send(reactions(2, 42, T0 + 10_000, 5));
    await send(reactions(3, 42, T0 + MINUTE + 1_000, 8));
    await send(reactions(4, 42, T0 + MINUTE + 500, 3)); // older than the last seen: says nothing new
    await send(reactions(5, 42, T0 + 2 * MINUTE, 6)); // two withdrawn
    expect(window('minute', T0)).toMatchObject({ posts: 1, reactions: 5 });
    expect(window('minute', T0 + MINUTE)).toMatchObject({ posts: 0, reactions: 3 });
    expect(window('minute', T0 + 2 * MINUTE)).toMatchObject({ reactions: -2 });
    expect(window('hour', T0)).toMatchObject({ posts: 1, reactions: 6 });
    test.close();
  });

  it("counts an X post once however often it is polled, and its metrics' growth", async () => {
    const { test, x, window } = start();
    await x.pipeInput('twitter:77', tweet(T0 + 10_000, 1, 0), T0 + 10_000);
    await x.pipeInput('twitter:77', tweet(T0 + 10_000, 1, 0), T0 + 10_000); // the same poll again
    await x.pipeInput('twitter:77', tweet(T0 + MINUTE + 10_000, 4, 2), T0 + MINUTE + 10_000);
    expect(window('minute', T0, 'twitter:77')).toMatchObject({ posts: 1, likes: 1, reposts: 0, views: 0 });
    expect(window('minute', T0 + MINUTE, 'twitter:77')).toMatchObject({ posts: 0, likes: 3, reposts: 2 });
    test.close();
  });

  it('counts a late post into its window while the window is within grace', async () => {
    const { test, telegram, window } = start();
    const send = (record: TelegramUpdateRecord) => telegram.pipeInput(CHANNEL, record, record.event_time);
    await send(post(1, 50, T0 + 3 * 86_400_000)); // stream time three days ahead
    await send(post(2, 42, T0)); // three days late
    expect(window('minute', T0)).toMatchObject({ posts: 1 });
    expect(window('day', Date.UTC(2026, 11, 1))).toMatchObject({ posts: 1 });
    test.close();
  });
});

describe("the content app's commits", () => {
  it('write the chats first and the content tables last, after the windows they announce', async () => {
    const { test, telegram, stats, writes } = start();
    await telegram.pipeInput(CHANNEL, post(1, 42, T0), T0);
    expect(writes).toEqual(['chats', 'activity', 'content']);
    writes.length = 0;
    const sample: ChannelStatsSample = {
      source: 'telegram',
      channel_id: '-1001',
      metric: 'members',
      count: 10,
      observed_at: T0 + 1,
    };
    await stats.pipeInput(CHANNEL, sample, T0 + 1);
    expect(writes).toEqual(['audience', 'content']);
    test.close();
  });
});

describe('audience topology', () => {
  it('keeps the last count of each hour and its change since the count before it', async () => {
    const { test, stats, audience } = start();
    const sample = (observedAt: number, count: number): ChannelStatsSample => ({
      source: 'telegram',
      channel_id: '-1001',
      metric: 'members',
      count,
      observed_at: observedAt,
    });
    const HOUR = 3_600_000;
    for (const [time, count] of [
      [T0, 100],
      [T0 + 20 * MINUTE, 110],
      [T0 + 10 * MINUTE, 90], // out of order: dropped
      [T0 + HOUR + 5 * MINUTE, 105],
    ] as const) {
      await stats.pipeInput(CHANNEL, sample(time, count), time);
    }
    const row = (granularity: string, start: number) =>
      audience.get(`${CHANNEL}:members@${granularity}@${start}`);
    expect(row('hour', T0)).toMatchObject({ count: 110, change: 10, observed_at: T0 + 20 * MINUTE });
    expect(row('hour', T0 + HOUR)).toMatchObject({ count: 105, change: -5 });
    expect(row('day', Date.UTC(2026, 11, 1))).toMatchObject({ count: 105, change: 5 });
    test.close();
  });
});
