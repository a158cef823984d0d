import type { ActivityGranularity } from '../../schemas/activity-records';

const WINDOW_MS: Record<ActivityGranularity, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** What the windows of a channel hold, as the test computes them on its own. */
export interface Counted {
  posts: number;
  edits: number;
  reactions: number;
}

/** A seeded generator, so a failing run can be replayed exactly. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function chat(id: number) {
  return { id, type: 'channel', title: `Channel ${id}`, username: `channel_${-id}` };
}

type Update = { update_id: number } & Record<string, unknown>;

/**
 * Telegram updates of several channels in arrival order, with what a demanding replay holds:
 * redeliveries (the same update again), edits, reaction counts that rise and fall, observations
 * and posts out of order, and posts hours late. The ground truth is computed from the updates
 * alone, by the rules the product documents (docs/topologies.md, channel-activity): a post counts
 * once at its publication, an edit once at its time, a reaction count as its change since the
 * post's last newer-in-time observation, at the observation's time.
 */
export function activityWorkload(options: {
  channels: number[];
  posts: number;
  start: number;
  seed: number;
}) {
  const next = random(options.seed);
  const arrivals: { at: number; update: Update }[] = [];
  let updateId = 7_000_000 + options.seed * 100_000;
  const add = (at: number, update: Update) => arrivals.push({ at, update });
  for (let i = 0; i < options.posts; i += 1) {
    const channel = options.channels[i % options.channels.length]!;
    const messageId = 1_000 + i;
    // Whole seconds (Telegram's dates), 2 posts per second of stream on average.
    const posted = options.start + Math.floor(i / 2) * 1_000;
    const lateBy = i % 97 === 5 ? 3 * 3_600_000 : i % 7 === 0 ? Math.floor(next() * 600) * 1_000 : 0;
    const message = { message_id: messageId, date: posted / 1000, chat: chat(channel), text: `post ${i}` };
    const post = { update_id: (updateId += 1), channel_post: message };
    add(posted + lateBy, post);
    if (next() < 0.1) add(posted + lateBy + 2_000, post); // redelivered
    if (next() < 0.15) {
      const edited = posted + (5 + Math.floor(next() * 120)) * 1_000;
      const edit = {
        update_id: (updateId += 1),
        edited_channel_post: { ...message, edit_date: edited / 1000 },
      };
      add(edited, edit);
      if (next() < 0.2) add(edited + 1_000, edit);
    }
    if (next() < 0.4) {
      let total = 0;
      let observed = posted;
      for (let n = 1 + Math.floor(next() * 4); n > 0; n -= 1) {
        observed += (1 + Math.floor(next() * 90)) * 1_000;
        total = Math.max(0, total + Math.floor(next() * 12) - 3);
        const counts = {
          update_id: (updateId += 1),
          message_reaction_count: {
            chat: chat(channel),
            message_id: messageId,
            date: observed / 1000,
            reactions: [{ type: { type: 'emoji', emoji: '👍' }, total_count: total }],
          },
        };
        // Now and then an observation arrives after a newer one.
        add(observed + (next() < 0.1 ? 200_000 : 0), counts);
      }
    }
  }
  arrivals.sort((a, b) => a.at - b.at);
  const updates = arrivals.map((arrival) => arrival.update);
  return { updates, truth: groundTruth(updates) };
}

/** `<chat>@<granularity>@<window start>` → counts, for windows where something happened. */
export function groundTruth(updates: readonly Update[]): Map<string, Counted> {
  const truth = new Map<string, Counted>();
  const count = (chatId: number, time: number, field: keyof Counted, change: number) => {
    for (const granularity of ['minute', 'hour', 'day'] as const) {
      const start = Math.floor(time / WINDOW_MS[granularity]) * WINDOW_MS[granularity];
      const key = `${chatId}@${granularity}@${start}`;
      const counted = truth.get(key) ?? { posts: 0, edits: 0, reactions: 0 };
      counted[field] += change;
      truth.set(key, counted);
    }
  };
  const seenUpdates = new Set<number>();
  const lastReactions = new Map<string, { at: number; total: number }>();
  for (const update of updates) {
    if (seenUpdates.has(update.update_id)) continue;
    seenUpdates.add(update.update_id);
    const body = (update.channel_post ?? update.edited_channel_post ?? update.message_reaction_count) as {
      chat: { id: number };
      message_id: number;
      date: number;
      edit_date?: number;
      reactions?: { total_count: number }[];
    };
    if (update.channel_post) count(body.chat.id, body.date * 1000, 'posts', 1);
    else if (update.edited_channel_post) count(body.chat.id, body.edit_date! * 1000, 'edits', 1);
    else {
      const key = `${body.chat.id}:${body.message_id}`;
      const at = body.date * 1000;
      const total = body.reactions!.reduce((sum, r) => sum + r.total_count, 0);
      const last = lastReactions.get(key);
      if (last && last.at >= at) continue;
      lastReactions.set(key, { at, total });
      count(body.chat.id, at, 'reactions', total - (last?.total ?? 0));
    }
  }
  for (const [key, counted] of truth) {
    if (counted.posts === 0 && counted.edits === 0 && counted.reactions === 0) truth.delete(key);
  }
  return truth;
}
